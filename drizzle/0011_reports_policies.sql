CREATE TABLE "exchange_rates" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"currency" char(3) NOT NULL,
	"quote_currency" char(3) NOT NULL,
	"rate" numeric(24, 10) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "report_case_days" (
	"organization_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
	"supplier" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"cancelled_before_dispatch" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_case_days_organization_id_store_id_day_currency_reason_supplier_pk" PRIMARY KEY("organization_id","store_id","day","currency","reason","supplier")
);
--> statement-breakpoint
CREATE TABLE "report_exposure" (
	"organization_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
	"supplier" text NOT NULL,
	"latest_day" date NOT NULL,
	"outstanding_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_exposure_organization_id_store_id_day_currency_reason_supplier_latest_day_pk" PRIMARY KEY("organization_id","store_id","day","currency","reason","supplier","latest_day")
);
--> statement-breakpoint
CREATE TABLE "report_money_days" (
	"organization_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
	"supplier" text NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"store_refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	"expected_minor" bigint DEFAULT 0 NOT NULL,
	"written_off_minor" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_money_days_organization_id_store_id_day_currency_reason_supplier_pk" PRIMARY KEY("organization_id","store_id","day","currency","reason","supplier")
);
--> statement-breakpoint
CREATE TABLE "report_order_days" (
	"organization_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_order_days_organization_id_store_id_day_currency_pk" PRIMARY KEY("organization_id","store_id","day","currency")
);
--> statement-breakpoint
CREATE TABLE "report_product_days" (
	"organization_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" char(3) NOT NULL,
	"product" text NOT NULL,
	"title" text NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_product_days_organization_id_store_id_day_currency_product_pk" PRIMARY KEY("organization_id","store_id","day","currency","product")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"draft_settings" jsonb NOT NULL,
	"draft_updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_updated_by" uuid,
	"published_version" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "policies_store_key" UNIQUE("organization_id","store_id")
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"languages" text[] NOT NULL,
	"default_language" char(2) NOT NULL,
	"rendered" jsonb NOT NULL,
	"effective_date" date NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_by_label" text NOT NULL,
	"note" text,
	CONSTRAINT "policy_versions_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "policy_versions_number_key" UNIQUE("organization_id","store_id","number")
);
--> statement-breakpoint
ALTER TABLE "money_movements" ADD COLUMN "supplier" text;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_organization_id_store_id_stores_organization_id_id_fk" FOREIGN KEY ("organization_id","store_id") REFERENCES "public"."stores"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_organization_id_policy_id_policies_organization_id_id_fk" FOREIGN KEY ("organization_id","policy_id") REFERENCES "public"."policies"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_rates_lookup_idx" ON "exchange_rates" USING btree ("organization_id","currency","quote_currency","valid_from");--> statement-breakpoint
CREATE INDEX "policy_versions_store_idx" ON "policy_versions" USING btree ("organization_id","store_id","number");