CREATE TYPE "public"."cancel_reason" AS ENUM('customer', 'declined', 'fraud', 'inventory', 'staff', 'other');--> statement-breakpoint
CREATE TYPE "public"."financial_status" AS ENUM('pending', 'authorized', 'paid', 'partially_paid', 'partially_refunded', 'refunded', 'voided', 'expired');--> statement-breakpoint
CREATE TYPE "public"."fulfillment_status" AS ENUM('unfulfilled', 'partially_fulfilled', 'in_progress', 'on_hold', 'scheduled', 'fulfilled', 'restocked');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('shopify_orders', 'supplier_orders');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('previewed', 'running', 'completed', 'failed', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."line_item_fulfillment_status" AS ENUM('unfulfilled', 'pending', 'fulfilled', 'restocked', 'not_eligible');--> statement-breakpoint
CREATE TYPE "public"."order_source" AS ENUM('import', 'webhook', 'manual', 'seed');--> statement-breakpoint
CREATE TYPE "public"."supplier_order_status" AS ENUM('awaiting_payment', 'awaiting_shipment', 'shipped', 'delivered', 'completed', 'closed', 'cancelled');--> statement-breakpoint
CREATE TABLE "import_files" (
	"organization_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "import_files_organization_id_job_id_pk" PRIMARY KEY("organization_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"kind" "import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"file_size" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"status" "import_status" NOT NULL,
	"skip_bad_rows" boolean DEFAULT false NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"errors" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_jobs_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "order_line_items" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"sku" text,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"supplier_cost_minor" bigint,
	"fulfillment_status" "line_item_fulfillment_status" DEFAULT 'unfulfilled' NOT NULL,
	"vendor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_line_items_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "order_line_items_position_key" UNIQUE("organization_id","order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"email" text,
	"customer_name" text,
	"currency" char(3) NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"shipping_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"store_refunded_minor" bigint DEFAULT 0 NOT NULL,
	"financial_status" "financial_status" NOT NULL,
	"fulfillment_status" "fulfillment_status" NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" "cancel_reason",
	"shipping_country" char(2),
	"note" text,
	"source" "order_source" NOT NULL,
	"content_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "orders_store_name_key" UNIQUE("organization_id","store_id","name")
);
--> statement-breakpoint
CREATE TABLE "supplier_orders" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"supplier_order_number" text NOT NULL,
	"status" "supplier_order_status" NOT NULL,
	"cancellation_pending" boolean DEFAULT false NOT NULL,
	"dispute_open" boolean DEFAULT false NOT NULL,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"currency" char(3) NOT NULL,
	"paid_at" timestamp with time zone,
	"ship_by" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"carrier" text,
	"tracking_number" text,
	"content_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supplier_orders_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "supplier_orders_number_key" UNIQUE("organization_id","store_id","supplier","supplier_order_number")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"webhook_id" text NOT NULL,
	"topic" text NOT NULL,
	"status" text NOT NULL,
	"payload" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "webhook_deliveries_webhook_key" UNIQUE("organization_id","store_id","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_organization_id_job_id_import_jobs_organization_id_id_fk" FOREIGN KEY ("organization_id","job_id") REFERENCES "public"."import_jobs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_line_items" ADD CONSTRAINT "order_line_items_organization_id_order_id_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."orders"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_organization_id_store_id_stores_organization_id_id_fk" FOREIGN KEY ("organization_id","store_id") REFERENCES "public"."stores"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_orders" ADD CONSTRAINT "supplier_orders_organization_id_order_id_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."orders"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_jobs_store_idx" ON "import_jobs" USING btree ("organization_id","store_id","created_at");--> statement-breakpoint
CREATE INDEX "order_line_items_sku_idx" ON "order_line_items" USING btree ("organization_id","sku");--> statement-breakpoint
CREATE INDEX "orders_org_placed_idx" ON "orders" USING btree ("organization_id","placed_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_store_placed_idx" ON "orders" USING btree ("organization_id","store_id","placed_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_store_external_idx" ON "orders" USING btree ("organization_id","store_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_org_email_idx" ON "orders" USING btree ("organization_id","email");--> statement-breakpoint
CREATE INDEX "supplier_orders_order_idx" ON "supplier_orders" USING btree ("organization_id","order_id");--> statement-breakpoint
CREATE INDEX "supplier_orders_ship_by_idx" ON "supplier_orders" USING btree ("organization_id","ship_by");--> statement-breakpoint
CREATE INDEX "audit_events_org_order_idx" ON "audit_events" USING btree ("organization_id","order_id","seq");