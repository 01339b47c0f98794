CREATE TYPE "public"."case_outcome" AS ENUM('cancelled_full_recovery', 'cancelled_with_loss', 'not_cancelled', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."case_state" AS ENUM('requested', 'supplier_pending', 'supplier_accepted', 'supplier_refused', 'awaiting_tracking', 'shipped', 'disputed', 'store_cancelled', 'too_late', 'closed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."dispute_kind" AS ENUM('supplier', 'chargeback');--> statement-breakpoint
CREATE TYPE "public"."dispute_state" AS ENUM('open', 'awaiting_response', 'escalated', 'resolved_won', 'resolved_lost', 'resolved_partial', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."evidence_kind" AS ENUM('note', 'tracking_check', 'link');--> statement-breakpoint
CREATE TYPE "public"."movement_source" AS ENUM('recoup', 'store', 'dispute', 'chargeback');--> statement-breakpoint
CREATE TYPE "public"."movement_type" AS ENUM('customer_refund', 'customer_refund_correction', 'supplier_refund_expected', 'supplier_refund_received', 'supplier_refund_written_off');--> statement-breakpoint
CREATE TYPE "public"."return_reason" AS ENUM('not_as_described', 'damaged', 'wrong_size', 'changed_mind', 'not_delivered', 'other');--> statement-breakpoint
CREATE TABLE "cancellation_cases" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"supplier_order_id" uuid,
	"state" "case_state" NOT NULL,
	"reason" "return_reason" NOT NULL,
	"reason_note" text,
	"currency" char(3) NOT NULL,
	"ship_by" timestamp with time zone,
	"too_late_reason" text,
	"supplier_requested_at" timestamp with time zone,
	"contacted_supplier_directly" boolean DEFAULT false NOT NULL,
	"supplier_responded_at" timestamp with time zone,
	"tracking_due_at" timestamp with time zone,
	"carrier" text,
	"tracking_number" text,
	"outcome" "case_outcome",
	"loss_minor" bigint,
	"assignee_id" uuid,
	"opened_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cancellation_cases_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "dispute_evidence" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"kind" "evidence_kind" NOT NULL,
	"body" text NOT NULL,
	"url" text,
	"author_id" uuid,
	"author_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_evidence_organization_id_id_pk" PRIMARY KEY("organization_id","id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"case_id" uuid,
	"supplier_order_id" uuid,
	"kind" "dispute_kind" NOT NULL,
	"state" "dispute_state" NOT NULL,
	"reason" text NOT NULL,
	"currency" char(3) NOT NULL,
	"claimed_minor" bigint NOT NULL,
	"awarded_minor" bigint,
	"respond_by" timestamp with time zone,
	"external_id" text,
	"external_status" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "disputes_amounts_ok" CHECK (claimed_minor >= 0 and (awarded_minor is null or (awarded_minor >= 0 and awarded_minor <= claimed_minor)))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_organization_id_key_pk" PRIMARY KEY("organization_id","key")
);
--> statement-breakpoint
CREATE TABLE "money_movements" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"case_id" uuid,
	"dispute_id" uuid,
	"type" "movement_type" NOT NULL,
	"source" "movement_source" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason" "return_reason",
	"settles_id" uuid,
	"expected_earliest" timestamp with time zone,
	"expected_latest" timestamp with time zone,
	"allocation" jsonb,
	"shipping_minor" bigint,
	"external_ref" text,
	"note" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"local_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "money_movements_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "money_movements_amount_sign" CHECK ((type = 'customer_refund_correction') or amount_minor > 0)
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "ledger_refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cancellation_cases" ADD CONSTRAINT "cancellation_cases_organization_id_order_id_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."orders"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cancellation_cases" ADD CONSTRAINT "cancellation_cases_organization_id_supplier_order_id_supplier_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","supplier_order_id") REFERENCES "public"."supplier_orders"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_evidence" ADD CONSTRAINT "dispute_evidence_organization_id_dispute_id_disputes_organization_id_id_fk" FOREIGN KEY ("organization_id","dispute_id") REFERENCES "public"."disputes"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_organization_id_order_id_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."orders"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "money_movements" ADD CONSTRAINT "money_movements_organization_id_order_id_orders_organization_id_id_fk" FOREIGN KEY ("organization_id","order_id") REFERENCES "public"."orders"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cancellation_cases_one_open_per_order" ON "cancellation_cases" USING btree ("organization_id","order_id") WHERE state not in ('closed', 'withdrawn');--> statement-breakpoint
CREATE INDEX "cancellation_cases_state_idx" ON "cancellation_cases" USING btree ("organization_id","state","updated_at");--> statement-breakpoint
CREATE INDEX "cancellation_cases_store_idx" ON "cancellation_cases" USING btree ("organization_id","store_id","created_at");--> statement-breakpoint
CREATE INDEX "dispute_evidence_dispute_idx" ON "dispute_evidence" USING btree ("organization_id","dispute_id","created_at");--> statement-breakpoint
CREATE INDEX "disputes_state_idx" ON "disputes" USING btree ("organization_id","state","respond_by");--> statement-breakpoint
CREATE INDEX "disputes_case_idx" ON "disputes" USING btree ("organization_id","case_id");--> statement-breakpoint
CREATE INDEX "money_movements_order_idx" ON "money_movements" USING btree ("organization_id","order_id","created_at");--> statement-breakpoint
CREATE INDEX "money_movements_case_idx" ON "money_movements" USING btree ("organization_id","case_id");--> statement-breakpoint
CREATE INDEX "money_movements_store_date_idx" ON "money_movements" USING btree ("organization_id","store_id","local_date");--> statement-breakpoint
CREATE UNIQUE INDEX "money_movements_external_ref_key" ON "money_movements" USING btree ("organization_id","order_id","external_ref") WHERE external_ref is not null;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_refund_within_total" CHECK (ledger_refunded_minor >= 0 and ledger_refunded_minor <= total_minor);