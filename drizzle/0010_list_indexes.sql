DROP INDEX "orders_org_placed_idx";--> statement-breakpoint
DROP INDEX "orders_store_placed_idx";--> statement-breakpoint
CREATE INDEX "orders_store_status_idx" ON "orders" USING btree ("organization_id","store_id","financial_status");--> statement-breakpoint
CREATE INDEX "orders_org_placed_idx" ON "orders" USING btree ("organization_id","placed_at","id");--> statement-breakpoint
CREATE INDEX "orders_store_placed_idx" ON "orders" USING btree ("organization_id","store_id","placed_at","id");