-- Row-level security for exchange rates, report rollups and policies; the rollup triggers.
SELECT recoup_enable_tenant_rls('exchange_rates');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_order_days', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_case_days', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_money_days', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_exposure', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_product_days', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('policies', 'SELECT, INSERT, UPDATE');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('policy_versions', 'SELECT, INSERT');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_policy_versions_are_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published policy versions are immutable: % is not allowed; publish a new version', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER policy_versions_immutable BEFORE UPDATE ON policy_versions
  FOR EACH ROW EXECUTE FUNCTION recoup_policy_versions_are_immutable();
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Attribution of ledger entries, fixed when they are written: the store-local day, the reason
-- (the case's, or the settled expectation's) and the supplier (the case's supplier order, the
-- settled expectation's, else the order's first supplier order; '' when the order has none).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION recoup_store_timezone(org uuid, store uuid) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT timezone FROM stores WHERE organization_id = org AND id = store
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_order_supplier(org uuid, ord uuid) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT supplier FROM supplier_orders
                    WHERE organization_id = org AND order_id = ord
                    ORDER BY created_at, id LIMIT 1), '')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_case_supplier(org uuid, supplier_order uuid, ord uuid) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN supplier_order IS NULL THEN recoup_order_supplier(org, ord)
              ELSE coalesce((SELECT supplier FROM supplier_orders WHERE organization_id = org AND id = supplier_order), '') END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_attribute_movement() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  expectation money_movements%ROWTYPE;
  c record;
BEGIN
  IF NEW.local_date IS NULL THEN
    NEW.local_date := (NEW.occurred_at AT TIME ZONE recoup_store_timezone(NEW.organization_id, NEW.store_id))::date;
  END IF;
  IF NEW.settles_id IS NOT NULL THEN
    SELECT * INTO expectation FROM money_movements WHERE organization_id = NEW.organization_id AND id = NEW.settles_id;
    IF FOUND THEN
      NEW.reason := coalesce(NEW.reason, expectation.reason);
      NEW.supplier := coalesce(NEW.supplier, expectation.supplier);
    END IF;
  END IF;
  IF NEW.case_id IS NOT NULL AND (NEW.reason IS NULL OR NEW.supplier IS NULL) THEN
    SELECT reason, supplier_order_id INTO c FROM cancellation_cases WHERE organization_id = NEW.organization_id AND id = NEW.case_id;
    IF FOUND THEN
      NEW.reason := coalesce(NEW.reason, c.reason);
      NEW.supplier := coalesce(NEW.supplier, recoup_case_supplier(NEW.organization_id, c.supplier_order_id, NEW.order_id));
    END IF;
  END IF;
  NEW.supplier := coalesce(NEW.supplier, recoup_order_supplier(NEW.organization_id, NEW.order_id));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER money_movements_attribute BEFORE INSERT ON money_movements
  FOR EACH ROW EXECUTE FUNCTION recoup_attribute_movement();
--> statement-breakpoint

-- Products: an entry's amount is shared over the order's line items in proportion to the refunded
-- items (when refunded by item) or to the line totals; the remainder goes to the largest line, so
-- the shares always add up to the amount. SKU identifies a product, the title when there is none.
CREATE OR REPLACE FUNCTION recoup_product_shares(org uuid, ord uuid, amount bigint, alloc jsonb)
  RETURNS TABLE (product text, title text, share bigint)
  LANGUAGE sql STABLE AS $$
  WITH by_item AS (
    SELECT (e->>'lineItemId')::uuid AS line_id, sum((e->>'amountMinor')::numeric) AS w
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(alloc) = 'array' THEN alloc ELSE '[]'::jsonb END) e
    WHERE e ? 'lineItemId' AND e ? 'amountMinor'
    GROUP BY 1
  ), lines AS (
    SELECT coalesce(nullif(li.sku, ''), 'title:' || li.title) AS product, li.title, li.position,
           CASE WHEN (SELECT coalesce(sum(w), 0) FROM by_item) > 0 THEN coalesce(b.w, 0)
                ELSE (li.quantity::numeric * li.unit_price_minor) END AS w
    FROM order_line_items li LEFT JOIN by_item b ON b.line_id = li.id
    WHERE li.organization_id = org AND li.order_id = ord
  ), weighted AS (
    SELECT product, title, w, row_number() OVER (ORDER BY w DESC, position) AS rn, sum(w) OVER () AS total FROM lines
  ), shares AS (
    SELECT product, title, rn, CASE WHEN total > 0 THEN trunc(amount::numeric * w / total)::bigint ELSE 0 END AS s FROM weighted
  )
  SELECT product, title, s + CASE WHEN rn = 1 THEN amount - (SELECT sum(s) FROM shares)::bigint ELSE 0 END FROM shares
  UNION ALL
  SELECT '', '', amount WHERE NOT EXISTS (SELECT 1 FROM weighted WHERE total > 0)
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Rollups kept in the same transaction as each write.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION recoup_rollup_movement() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  reason_key text := coalesce(NEW.reason::text, 'unspecified');
  supplier_key text := coalesce(NEW.supplier, '');
  refunded bigint := 0;
  recovered bigint := 0;
  expectation money_movements%ROWTYPE;
  tz text;
BEGIN
  IF NEW.type IN ('customer_refund', 'customer_refund_correction') THEN refunded := NEW.amount_minor; END IF;
  IF NEW.type = 'supplier_refund_received' THEN recovered := NEW.amount_minor; END IF;

  INSERT INTO report_money_days AS r (organization_id, store_id, day, currency, reason, supplier,
      refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor, refunds)
  VALUES (NEW.organization_id, NEW.store_id, NEW.local_date, NEW.currency, reason_key, supplier_key,
      refunded,
      CASE WHEN NEW.source = 'store' THEN refunded ELSE 0 END,
      recovered,
      CASE WHEN NEW.type = 'supplier_refund_expected' THEN NEW.amount_minor ELSE 0 END,
      CASE WHEN NEW.type = 'supplier_refund_written_off' THEN NEW.amount_minor ELSE 0 END,
      CASE WHEN NEW.type = 'customer_refund' AND NEW.amount_minor > 0 THEN 1 ELSE 0 END)
  ON CONFLICT (organization_id, store_id, day, currency, reason, supplier) DO UPDATE SET
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor,
    refunds = r.refunds + EXCLUDED.refunds;

  IF NEW.type = 'supplier_refund_expected' THEN
    tz := recoup_store_timezone(NEW.organization_id, NEW.store_id);
    INSERT INTO report_exposure AS x (organization_id, store_id, day, currency, reason, supplier, latest_day, outstanding_minor)
    VALUES (NEW.organization_id, NEW.store_id, NEW.local_date, NEW.currency, reason_key, supplier_key,
            coalesce((NEW.expected_latest AT TIME ZONE tz)::date, NEW.local_date), NEW.amount_minor)
    ON CONFLICT (organization_id, store_id, day, currency, reason, supplier, latest_day)
      DO UPDATE SET outstanding_minor = x.outstanding_minor + EXCLUDED.outstanding_minor;
  ELSIF NEW.type IN ('supplier_refund_received', 'supplier_refund_written_off') AND NEW.settles_id IS NOT NULL THEN
    SELECT * INTO expectation FROM money_movements WHERE organization_id = NEW.organization_id AND id = NEW.settles_id;
    IF FOUND AND expectation.type = 'supplier_refund_expected' THEN
      tz := recoup_store_timezone(expectation.organization_id, expectation.store_id);
      INSERT INTO report_exposure AS x (organization_id, store_id, day, currency, reason, supplier, latest_day, outstanding_minor)
      VALUES (expectation.organization_id, expectation.store_id, expectation.local_date, expectation.currency,
              coalesce(expectation.reason::text, 'unspecified'), coalesce(expectation.supplier, ''),
              coalesce((expectation.expected_latest AT TIME ZONE tz)::date, expectation.local_date), -NEW.amount_minor)
      ON CONFLICT (organization_id, store_id, day, currency, reason, supplier, latest_day)
        DO UPDATE SET outstanding_minor = x.outstanding_minor + EXCLUDED.outstanding_minor;
    END IF;
  END IF;

  IF refunded <> 0 OR recovered <> 0 THEN
    INSERT INTO report_product_days AS p (organization_id, store_id, day, currency, product, title, refunded_minor, recovered_minor)
    SELECT NEW.organization_id, NEW.store_id, NEW.local_date, NEW.currency, s.product, max(s.title),
           CASE WHEN refunded <> 0 THEN sum(s.share) ELSE 0 END,
           CASE WHEN recovered <> 0 THEN sum(s.share) ELSE 0 END
    FROM recoup_product_shares(NEW.organization_id, NEW.order_id, refunded + recovered, NEW.allocation) s
    GROUP BY s.product
    ON CONFLICT (organization_id, store_id, day, currency, product) DO UPDATE SET
      refunded_minor = p.refunded_minor + EXCLUDED.refunded_minor,
      recovered_minor = p.recovered_minor + EXCLUDED.recovered_minor;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER money_movements_rollup AFTER INSERT ON money_movements
  FOR EACH ROW EXECUTE FUNCTION recoup_rollup_movement();
--> statement-breakpoint

-- Cancellation requests: one per case, by the day it opened; "cancelled before dispatch" when the
-- supplier accepted the cancellation (the state, or the outcome once closed).
CREATE OR REPLACE FUNCTION recoup_case_cancelled_before_dispatch(state case_state, outcome case_outcome) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state IN ('supplier_accepted', 'store_cancelled')
                OR outcome IN ('cancelled_full_recovery', 'cancelled_with_loss') THEN 1 ELSE 0 END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rollup_case_row(c cancellation_cases, sign integer) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO report_case_days AS r (organization_id, store_id, day, currency, reason, supplier, requests, cancelled_before_dispatch)
  VALUES (c.organization_id, c.store_id,
          (c.created_at AT TIME ZONE recoup_store_timezone(c.organization_id, c.store_id))::date,
          c.currency, c.reason::text, recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id),
          sign, sign * recoup_case_cancelled_before_dispatch(c.state, c.outcome))
  ON CONFLICT (organization_id, store_id, day, currency, reason, supplier) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rollup_case() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.state IS NOT DISTINCT FROM NEW.state AND OLD.outcome IS NOT DISTINCT FROM NEW.outcome
     AND OLD.reason = NEW.reason AND OLD.supplier_order_id IS NOT DISTINCT FROM NEW.supplier_order_id
     AND OLD.created_at = NEW.created_at AND OLD.store_id = NEW.store_id AND OLD.currency = NEW.currency THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM recoup_rollup_case_row(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM recoup_rollup_case_row(NEW, 1); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cancellation_cases_rollup AFTER INSERT OR UPDATE OR DELETE ON cancellation_cases
  FOR EACH ROW EXECUTE FUNCTION recoup_rollup_case();
--> statement-breakpoint

-- Orders and revenue: statement-level, so a 1,000-order import batch is one aggregate, not 1,000 upserts.
CREATE OR REPLACE FUNCTION recoup_rollup_orders() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_order_days AS r (organization_id, store_id, day, currency, orders, revenue_minor)
    SELECT n.organization_id, n.store_id, (n.placed_at AT TIME ZONE s.timezone)::date, n.currency, count(*), sum(n.total_minor)
    FROM new_rows n JOIN stores s ON s.organization_id = n.organization_id AND s.id = n.store_id
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, store_id, day, currency) DO UPDATE SET
      orders = r.orders + EXCLUDED.orders, revenue_minor = r.revenue_minor + EXCLUDED.revenue_minor;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO report_order_days AS r (organization_id, store_id, day, currency, orders, revenue_minor)
    SELECT o.organization_id, o.store_id, (o.placed_at AT TIME ZONE s.timezone)::date, o.currency, -count(*), -sum(o.total_minor)
    FROM old_rows o JOIN stores s ON s.organization_id = o.organization_id AND s.id = o.store_id
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, store_id, day, currency) DO UPDATE SET
      orders = r.orders + EXCLUDED.orders, revenue_minor = r.revenue_minor + EXCLUDED.revenue_minor;
  ELSE
    INSERT INTO report_order_days AS r (organization_id, store_id, day, currency, orders, revenue_minor)
    SELECT d.organization_id, d.store_id, d.day, d.currency, sum(d.n), sum(d.revenue)
    FROM (
      SELECT o.organization_id, o.store_id, (o.placed_at AT TIME ZONE s.timezone)::date AS day, o.currency, -1 AS n, -o.total_minor AS revenue
      FROM old_rows o JOIN stores s ON s.organization_id = o.organization_id AND s.id = o.store_id
      UNION ALL
      SELECT n.organization_id, n.store_id, (n.placed_at AT TIME ZONE s.timezone)::date, n.currency, 1, n.total_minor
      FROM new_rows n JOIN stores s ON s.organization_id = n.organization_id AND s.id = n.store_id
    ) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(d.n) <> 0 OR sum(d.revenue) <> 0
    ON CONFLICT (organization_id, store_id, day, currency) DO UPDATE SET
      orders = r.orders + EXCLUDED.orders, revenue_minor = r.revenue_minor + EXCLUDED.revenue_minor;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER orders_rollup_insert AFTER INSERT ON orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_rollup_orders();
--> statement-breakpoint
CREATE TRIGGER orders_rollup_update AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_rollup_orders();
--> statement-breakpoint
CREATE TRIGGER orders_rollup_delete AFTER DELETE ON orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_rollup_orders();
--> statement-breakpoint

-- Rebuild an organization's rollups from the base tables (after a store's time zone changes, or by hand).
CREATE OR REPLACE FUNCTION recoup_rebuild_report_rollups(org uuid) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_order_days WHERE organization_id = org;
  DELETE FROM report_case_days WHERE organization_id = org;
  DELETE FROM report_money_days WHERE organization_id = org;
  DELETE FROM report_exposure WHERE organization_id = org;
  DELETE FROM report_product_days WHERE organization_id = org;

  INSERT INTO report_order_days (organization_id, store_id, day, currency, orders, revenue_minor)
  SELECT o.organization_id, o.store_id, (o.placed_at AT TIME ZONE s.timezone)::date, o.currency, count(*), sum(o.total_minor)
  FROM orders o JOIN stores s ON s.organization_id = o.organization_id AND s.id = o.store_id
  WHERE o.organization_id = org GROUP BY 1, 2, 3, 4;

  INSERT INTO report_case_days (organization_id, store_id, day, currency, reason, supplier, requests, cancelled_before_dispatch)
  SELECT c.organization_id, c.store_id, (c.created_at AT TIME ZONE s.timezone)::date, c.currency, c.reason::text,
         recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id),
         count(*), sum(recoup_case_cancelled_before_dispatch(c.state, c.outcome))
  FROM cancellation_cases c JOIN stores s ON s.organization_id = c.organization_id AND s.id = c.store_id
  WHERE c.organization_id = org GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO report_money_days (organization_id, store_id, day, currency, reason, supplier,
      refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor, refunds)
  SELECT m.organization_id, m.store_id, m.local_date, m.currency, coalesce(m.reason::text, 'unspecified'), coalesce(m.supplier, ''),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type IN ('customer_refund', 'customer_refund_correction')), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type IN ('customer_refund', 'customer_refund_correction') AND m.source = 'store'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_received'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_expected'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_written_off'), 0),
         count(*) FILTER (WHERE m.type = 'customer_refund' AND m.amount_minor > 0)
  FROM money_movements m WHERE m.organization_id = org GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO report_exposure (organization_id, store_id, day, currency, reason, supplier, latest_day, outstanding_minor)
  SELECT e.organization_id, e.store_id, e.local_date, e.currency, coalesce(e.reason::text, 'unspecified'), coalesce(e.supplier, ''),
         coalesce((e.expected_latest AT TIME ZONE s.timezone)::date, e.local_date),
         sum(e.amount_minor - coalesce((SELECT sum(x.amount_minor) FROM money_movements x
                                         WHERE x.organization_id = e.organization_id AND x.settles_id = e.id
                                           AND x.type IN ('supplier_refund_received', 'supplier_refund_written_off')), 0))
  FROM money_movements e JOIN stores s ON s.organization_id = e.organization_id AND s.id = e.store_id
  WHERE e.organization_id = org AND e.type = 'supplier_refund_expected'
  GROUP BY 1, 2, 3, 4, 5, 6, 7;

  INSERT INTO report_product_days (organization_id, store_id, day, currency, product, title, refunded_minor, recovered_minor)
  SELECT m.organization_id, m.store_id, m.local_date, m.currency, sh.product, max(sh.title),
         coalesce(sum(sh.share) FILTER (WHERE m.type <> 'supplier_refund_received'), 0),
         coalesce(sum(sh.share) FILTER (WHERE m.type = 'supplier_refund_received'), 0)
  FROM money_movements m
  CROSS JOIN LATERAL recoup_product_shares(m.organization_id, m.order_id, m.amount_minor, m.allocation) sh
  WHERE m.organization_id = org AND m.amount_minor <> 0
    AND m.type IN ('customer_refund', 'customer_refund_correction', 'supplier_refund_received')
  GROUP BY 1, 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rebuild_rollups_on_timezone() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recoup_rebuild_report_rollups(NEW.organization_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stores_timezone_rollups AFTER UPDATE OF timezone ON stores
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION recoup_rebuild_rollups_on_timezone();
--> statement-breakpoint

-- Existing ledger entries get their attribution (the append-only guard steps aside for this one backfill).
ALTER TABLE money_movements DISABLE TRIGGER money_movements_append_only;
--> statement-breakpoint
UPDATE money_movements m SET
  local_date = coalesce(m.local_date, (m.occurred_at AT TIME ZONE recoup_store_timezone(m.organization_id, m.store_id))::date),
  reason = coalesce(m.reason, (SELECT c.reason FROM cancellation_cases c WHERE c.organization_id = m.organization_id AND c.id = m.case_id)),
  supplier = coalesce(m.supplier,
    (SELECT recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id) FROM cancellation_cases c
      WHERE c.organization_id = m.organization_id AND c.id = m.case_id),
    recoup_order_supplier(m.organization_id, m.order_id));
--> statement-breakpoint
UPDATE money_movements m SET reason = e.reason, supplier = e.supplier
  FROM money_movements e
  WHERE e.organization_id = m.organization_id AND e.id = m.settles_id AND m.reason IS NULL;
--> statement-breakpoint
ALTER TABLE money_movements ENABLE TRIGGER money_movements_append_only;
--> statement-breakpoint
SELECT recoup_rebuild_report_rollups(id) FROM organizations;
