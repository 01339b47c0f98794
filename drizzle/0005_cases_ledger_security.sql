-- Row-level security for cases, disputes and the ledger; the ledger is append-only.
SELECT recoup_enable_tenant_rls('cancellation_cases');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('disputes');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('dispute_evidence', 'SELECT, INSERT');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('money_movements', 'SELECT, INSERT');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('idempotency_keys', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_ledger_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed; record a correction instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER money_movements_append_only BEFORE UPDATE OR DELETE ON money_movements
  FOR EACH ROW EXECUTE FUNCTION recoup_ledger_is_append_only();
--> statement-breakpoint
CREATE TRIGGER money_movements_no_truncate BEFORE TRUNCATE ON money_movements
  FOR EACH STATEMENT EXECUTE FUNCTION recoup_ledger_is_append_only();
--> statement-breakpoint
-- Keeps orders.ledger_refunded_minor equal to the sum of customer refunds, so the CHECK
-- orders_refund_within_total refuses any refund that would exceed the order total, whatever the caller.
CREATE OR REPLACE FUNCTION recoup_apply_customer_refund() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type IN ('customer_refund', 'customer_refund_correction') THEN
    UPDATE orders SET ledger_refunded_minor = ledger_refunded_minor + NEW.amount_minor
      WHERE organization_id = NEW.organization_id AND id = NEW.order_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER money_movements_apply_customer_refund AFTER INSERT ON money_movements
  FOR EACH ROW EXECUTE FUNCTION recoup_apply_customer_refund();
--> statement-breakpoint
-- Backfill: refunds made in the store before the ledger existed become store-sourced entries.
INSERT INTO money_movements (organization_id, store_id, order_id, type, source, amount_minor, currency, external_ref, note, occurred_at, local_date)
SELECT o.organization_id, o.store_id, o.id, 'customer_refund', 'store', least(o.store_refunded_minor, o.total_minor), o.currency,
       'store-total:' || least(o.store_refunded_minor, o.total_minor), 'Refunded in the store before Recoup tracked it',
       coalesce(o.cancelled_at, o.updated_at), (coalesce(o.cancelled_at, o.updated_at) AT TIME ZONE s.timezone)::date
FROM orders o JOIN stores s ON s.organization_id = o.organization_id AND s.id = o.store_id
WHERE o.store_refunded_minor > 0;
