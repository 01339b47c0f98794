-- A lost chargeback takes money the bank forces back, even on an order already refunded (a double
-- loss): it counts in the loss figures but not against what the merchant may still refund.
CREATE OR REPLACE FUNCTION recoup_apply_customer_refund() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type IN ('customer_refund', 'customer_refund_correction') AND NEW.source <> 'chargeback' THEN
    UPDATE orders SET ledger_refunded_minor = ledger_refunded_minor + NEW.amount_minor
      WHERE organization_id = NEW.organization_id AND id = NEW.order_id;
  END IF;
  RETURN NEW;
END
$$;
