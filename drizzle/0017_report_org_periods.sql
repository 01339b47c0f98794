CREATE TABLE "report_org_periods" (
	"organization_id" uuid NOT NULL,
	"grain" char(1) NOT NULL,
	"start" date NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" text NOT NULL,
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
	"outstanding_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "report_org_periods_organization_id_grain_start_currency_reason_pk" PRIMARY KEY("organization_id","grain","start","currency","reason")
);
