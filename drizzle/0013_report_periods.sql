CREATE TABLE "report_dim_periods" (
	"organization_id" uuid NOT NULL,
	"grain" char(1) NOT NULL,
	"start" date NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
	"supplier" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"cancelled_before_dispatch" integer DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"store_refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	"expected_minor" bigint DEFAULT 0 NOT NULL,
	"written_off_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_dim_periods_organization_id_grain_start_currency_reason_supplier_pk" PRIMARY KEY("organization_id","grain","start","currency","reason","supplier")
);
--> statement-breakpoint
CREATE TABLE "report_product_periods" (
	"organization_id" uuid NOT NULL,
	"grain" char(1) NOT NULL,
	"start" date NOT NULL,
	"currency" char(3) NOT NULL,
	"product" text NOT NULL,
	"title" text NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_product_periods_organization_id_grain_start_currency_product_pk" PRIMARY KEY("organization_id","grain","start","currency","product")
);
--> statement-breakpoint
CREATE TABLE "report_store_periods" (
	"organization_id" uuid NOT NULL,
	"grain" char(1) NOT NULL,
	"start" date NOT NULL,
	"currency" char(3) NOT NULL,
	"store_id" uuid NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"cancelled_before_dispatch" integer DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"store_refunded_minor" bigint DEFAULT 0 NOT NULL,
	"recovered_minor" bigint DEFAULT 0 NOT NULL,
	"expected_minor" bigint DEFAULT 0 NOT NULL,
	"written_off_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_store_periods_organization_id_grain_start_store_id_currency_pk" PRIMARY KEY("organization_id","grain","start","store_id","currency")
);
--> statement-breakpoint
CREATE INDEX "money_movements_settles_idx" ON "money_movements" USING btree ("organization_id","settles_id") WHERE settles_id is not null;