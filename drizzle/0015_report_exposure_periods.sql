ALTER TABLE "report_dim_periods" ADD COLUMN "outstanding_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_store_periods" ADD COLUMN "outstanding_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "report_exposure_latest_day_idx" ON "report_exposure" USING btree ("organization_id","latest_day");