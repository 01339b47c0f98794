-- Report read models (report_store_periods, report_dim_periods, report_product_periods: days and whole
-- months, kept from the day tables by triggers) and four fixes to the roll-ups of 0012:
--   1. a store's time-zone change failed: the rebuild deletes roll-up rows, which recoup_app could not;
--      it now rebuilds that store only, and moves its ledger entries' local days to the new zone;
--   2. ledger days stayed in the old zone after such a change (see 1);
--   3. on an order whose lines all weigh zero, product shares counted an amount twice;
--   4. a request's supplier did not follow a supplier order imported after the case opened.
-- The ledger roll-ups run once per statement, and exposure rows that reach zero are deleted, so the
-- report reads only what is still outstanding.
SELECT recoup_enable_tenant_rls('report_store_periods');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_dim_periods');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('report_product_periods');
--> statement-breakpoint
GRANT DELETE ON report_order_days, report_case_days, report_money_days, report_exposure, report_product_days TO recoup_app;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- The ledger stays append-only, with one exception: an entry's local day may move to what its
-- instant is in the store's current time zone (after the store's zone changes). Nothing else.
-- ---------------------------------------------------------------------------------------------
GRANT UPDATE (local_date) ON money_movements TO recoup_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_ledger_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'money_movements'
     AND (to_jsonb(NEW) - 'local_date') = (to_jsonb(OLD) - 'local_date')
     AND NEW.local_date = (NEW.occurred_at AT TIME ZONE recoup_store_timezone(NEW.organization_id, NEW.store_id))::date THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed; record a correction instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Fix 3: shares go to the lines only when they weigh something; otherwise the whole amount is ''.
-- ---------------------------------------------------------------------------------------------
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
    SELECT product, title, rn, trunc(amount::numeric * w / total)::bigint AS s FROM weighted WHERE total > 0
  )
  SELECT product, title, s + CASE WHEN rn = 1 THEN amount - (SELECT sum(s) FROM shares)::bigint ELSE 0 END FROM shares
  UNION ALL
  SELECT '', '', amount WHERE NOT EXISTS (SELECT 1 FROM weighted WHERE total > 0)
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Ledger roll-ups per statement (they were per row): a statement's entries are summed by key first,
-- so a bulk write (an import's store refunds, all dated today) updates each roll-up row once instead
-- of once per entry. Exposure rows whose outstanding amount reaches zero are deleted.
-- ---------------------------------------------------------------------------------------------
DROP TRIGGER money_movements_rollup ON money_movements;
--> statement-breakpoint
DROP FUNCTION recoup_rollup_movement();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rollup_movements() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_money_days AS r (organization_id, store_id, day, currency, reason, supplier,
      refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor, refunds)
  SELECT n.organization_id, n.store_id, n.local_date, n.currency, coalesce(n.reason::text, 'unspecified'), coalesce(n.supplier, ''),
         coalesce(sum(n.amount_minor) FILTER (WHERE n.type IN ('customer_refund', 'customer_refund_correction')), 0),
         coalesce(sum(n.amount_minor) FILTER (WHERE n.type IN ('customer_refund', 'customer_refund_correction') AND n.source = 'store'), 0),
         coalesce(sum(n.amount_minor) FILTER (WHERE n.type = 'supplier_refund_received'), 0),
         coalesce(sum(n.amount_minor) FILTER (WHERE n.type = 'supplier_refund_expected'), 0),
         coalesce(sum(n.amount_minor) FILTER (WHERE n.type = 'supplier_refund_written_off'), 0),
         count(*) FILTER (WHERE n.type = 'customer_refund' AND n.amount_minor > 0)
  FROM new_rows n
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (organization_id, store_id, day, currency, reason, supplier) DO UPDATE SET
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor,
    refunds = r.refunds + EXCLUDED.refunds;

  IF EXISTS (SELECT 1 FROM new_rows WHERE type IN ('supplier_refund_expected', 'supplier_refund_received', 'supplier_refund_written_off')) THEN
    -- What is still expected: expectations add, what settles them (received, written off) takes away,
    -- on the expectation's key.
    INSERT INTO report_exposure AS x (organization_id, store_id, day, currency, reason, supplier, latest_day, outstanding_minor)
    SELECT organization_id, store_id, day, currency, reason, supplier, latest_day, sum(amount)
    FROM (
      SELECT e.organization_id, e.store_id, e.local_date AS day, e.currency, coalesce(e.reason::text, 'unspecified') AS reason,
             coalesce(e.supplier, '') AS supplier, coalesce((e.expected_latest AT TIME ZONE s.timezone)::date, e.local_date) AS latest_day,
             CASE WHEN n.id = e.id THEN e.amount_minor ELSE -n.amount_minor END AS amount
      FROM new_rows n
      JOIN money_movements e ON e.organization_id = n.organization_id AND e.type = 'supplier_refund_expected'
        AND e.id = CASE WHEN n.type = 'supplier_refund_expected' THEN n.id ELSE n.settles_id END
      JOIN stores s ON s.organization_id = e.organization_id AND s.id = e.store_id
      WHERE n.type = 'supplier_refund_expected'
         OR (n.type IN ('supplier_refund_received', 'supplier_refund_written_off') AND n.settles_id IS NOT NULL)
    ) d
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(amount) <> 0
    ON CONFLICT (organization_id, store_id, day, currency, reason, supplier, latest_day)
      DO UPDATE SET outstanding_minor = x.outstanding_minor + EXCLUDED.outstanding_minor;

    DELETE FROM report_exposure x
    WHERE x.outstanding_minor = 0
      AND (x.organization_id, x.store_id) IN (SELECT DISTINCT organization_id, store_id FROM new_rows);
  END IF;

  -- Products: each entry's amount shared over its order's lines (recoup_product_shares).
  INSERT INTO report_product_days AS p (organization_id, store_id, day, currency, product, title, refunded_minor, recovered_minor)
  SELECT n.organization_id, n.store_id, n.local_date, n.currency, sh.product, max(sh.title),
         coalesce(sum(sh.share) FILTER (WHERE n.type <> 'supplier_refund_received'), 0),
         coalesce(sum(sh.share) FILTER (WHERE n.type = 'supplier_refund_received'), 0)
  FROM new_rows n
  CROSS JOIN LATERAL recoup_product_shares(n.organization_id, n.order_id, n.amount_minor, n.allocation) sh
  WHERE n.amount_minor <> 0 AND n.type IN ('customer_refund', 'customer_refund_correction', 'supplier_refund_received')
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (organization_id, store_id, day, currency, product) DO UPDATE SET
    refunded_minor = p.refunded_minor + EXCLUDED.refunded_minor,
    recovered_minor = p.recovered_minor + EXCLUDED.recovered_minor;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER money_movements_rollup AFTER INSERT ON money_movements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_rollup_movements();
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- The period read models, kept from every change of a day table (same transaction). A day row adds
-- to its day ('d') and its month ('m'). `recoup.rollup_periods = off` (set by the full rebuild,
-- which then rebuilds them in one pass) skips this.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION recoup_month_of(d date) RETURNS date
  LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc('month', d::timestamp)::date $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_store_period(org uuid, store uuid, d date, cur char(3),
    n_orders integer, n_revenue bigint, n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_store_periods AS r (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor)
  VALUES (org, 'd', d, cur, store, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered, n_expected, n_written_off),
         (org, 'm', recoup_month_of(d), cur, store, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered, n_expected, n_written_off)
  ON CONFLICT (organization_id, grain, start, store_id, currency) DO UPDATE SET
    orders = r.orders + EXCLUDED.orders,
    revenue_minor = r.revenue_minor + EXCLUDED.revenue_minor,
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch,
    refunds = r.refunds + EXCLUDED.refunds,
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_dim_period(org uuid, d date, cur char(3), reason_key text, supplier_key text,
    n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dim_periods AS r (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor)
  VALUES (org, 'd', d, cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered, n_expected, n_written_off),
         (org, 'm', recoup_month_of(d), cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered, n_expected, n_written_off)
  ON CONFLICT (organization_id, grain, start, currency, reason, supplier) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch,
    refunds = r.refunds + EXCLUDED.refunds,
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_product_period(org uuid, d date, cur char(3), product_key text, product_title text,
    n_refunded bigint, n_recovered bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_product_periods AS r (organization_id, grain, start, currency, product, title, refunded_minor, recovered_minor)
  VALUES (org, 'd', d, cur, product_key, product_title, n_refunded, n_recovered),
         (org, 'm', recoup_month_of(d), cur, product_key, product_title, n_refunded, n_recovered)
  ON CONFLICT (organization_id, grain, start, currency, product) DO UPDATE SET
    title = greatest(r.title, EXCLUDED.title),
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_periods_from_order_days() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.rollup_periods', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (OLD.organization_id, OLD.store_id, OLD.day, OLD.currency) = (NEW.organization_id, NEW.store_id, NEW.day, NEW.currency) THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency,
      NEW.orders - OLD.orders, NEW.revenue_minor - OLD.revenue_minor, 0, 0, 0, 0, 0, 0, 0, 0);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM recoup_add_store_period(OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, -OLD.orders, -OLD.revenue_minor, 0, 0, 0, 0, 0, 0, 0, 0);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, NEW.orders, NEW.revenue_minor, 0, 0, 0, 0, 0, 0, 0, 0);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_periods_from_case_days() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.rollup_periods', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier)
                        = (NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier) THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0,
      NEW.requests - OLD.requests, NEW.cancelled_before_dispatch - OLD.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
    PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier,
      NEW.requests - OLD.requests, NEW.cancelled_before_dispatch - OLD.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM recoup_add_store_period(OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, 0, 0,
      -OLD.requests, -OLD.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
    PERFORM recoup_add_dim_period(OLD.organization_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier,
      -OLD.requests, -OLD.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0,
      NEW.requests, NEW.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
    PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier,
      NEW.requests, NEW.cancelled_before_dispatch, 0, 0, 0, 0, 0, 0);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_periods_from_money_days() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.rollup_periods', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier)
                        = (NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier) THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0, 0, 0,
      NEW.refunds - OLD.refunds, NEW.refunded_minor - OLD.refunded_minor, NEW.store_refunded_minor - OLD.store_refunded_minor,
      NEW.recovered_minor - OLD.recovered_minor, NEW.expected_minor - OLD.expected_minor, NEW.written_off_minor - OLD.written_off_minor);
    PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier, 0, 0,
      NEW.refunds - OLD.refunds, NEW.refunded_minor - OLD.refunded_minor, NEW.store_refunded_minor - OLD.store_refunded_minor,
      NEW.recovered_minor - OLD.recovered_minor, NEW.expected_minor - OLD.expected_minor, NEW.written_off_minor - OLD.written_off_minor);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM recoup_add_store_period(OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, 0, 0, 0, 0,
      -OLD.refunds, -OLD.refunded_minor, -OLD.store_refunded_minor, -OLD.recovered_minor, -OLD.expected_minor, -OLD.written_off_minor);
    PERFORM recoup_add_dim_period(OLD.organization_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier, 0, 0,
      -OLD.refunds, -OLD.refunded_minor, -OLD.store_refunded_minor, -OLD.recovered_minor, -OLD.expected_minor, -OLD.written_off_minor);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0, 0, 0,
      NEW.refunds, NEW.refunded_minor, NEW.store_refunded_minor, NEW.recovered_minor, NEW.expected_minor, NEW.written_off_minor);
    PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier, 0, 0,
      NEW.refunds, NEW.refunded_minor, NEW.store_refunded_minor, NEW.recovered_minor, NEW.expected_minor, NEW.written_off_minor);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_periods_from_product_days() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.rollup_periods', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, OLD.product)
                        = (NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, NEW.product) THEN
    PERFORM recoup_add_product_period(NEW.organization_id, NEW.day, NEW.currency, NEW.product, NEW.title,
      NEW.refunded_minor - OLD.refunded_minor, NEW.recovered_minor - OLD.recovered_minor);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM recoup_add_product_period(OLD.organization_id, OLD.day, OLD.currency, OLD.product, OLD.title, -OLD.refunded_minor, -OLD.recovered_minor);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM recoup_add_product_period(NEW.organization_id, NEW.day, NEW.currency, NEW.product, NEW.title, NEW.refunded_minor, NEW.recovered_minor);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_order_days_periods AFTER INSERT OR UPDATE OR DELETE ON report_order_days
  FOR EACH ROW EXECUTE FUNCTION recoup_periods_from_order_days();
--> statement-breakpoint
CREATE TRIGGER report_case_days_periods AFTER INSERT OR UPDATE OR DELETE ON report_case_days
  FOR EACH ROW EXECUTE FUNCTION recoup_periods_from_case_days();
--> statement-breakpoint
CREATE TRIGGER report_money_days_periods AFTER INSERT OR UPDATE OR DELETE ON report_money_days
  FOR EACH ROW EXECUTE FUNCTION recoup_periods_from_money_days();
--> statement-breakpoint
CREATE TRIGGER report_product_days_periods AFTER INSERT OR UPDATE OR DELETE ON report_product_days
  FOR EACH ROW EXECUTE FUNCTION recoup_periods_from_product_days();
--> statement-breakpoint

-- A case's request row, now in PL/pgSQL: its plan is kept for the session (a SQL function's INSERT
-- is planned again on every call, which a bulk of cases pays row by row).
CREATE OR REPLACE FUNCTION recoup_rollup_case_row(c cancellation_cases, sign integer) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_case_days AS r (organization_id, store_id, day, currency, reason, supplier, requests, cancelled_before_dispatch)
  VALUES (c.organization_id, c.store_id,
          (c.created_at AT TIME ZONE recoup_store_timezone(c.organization_id, c.store_id))::date,
          c.currency, c.reason::text, recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id),
          sign, sign * recoup_case_cancelled_before_dispatch(c.state, c.outcome))
  ON CONFLICT (organization_id, store_id, day, currency, reason, supplier) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch;
END
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Fix 4: a request's supplier follows the supplier orders. When supplier orders are added, changed
-- or removed, each case of the touched orders whose supplier (as recoup_case_supplier reads it)
-- was different before the statement moves from the old supplier to the new one.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION recoup_move_case_supplier(c cancellation_cases, from_supplier text, to_supplier text) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_case_days AS r (organization_id, store_id, day, currency, reason, supplier, requests, cancelled_before_dispatch)
  SELECT c.organization_id, c.store_id, (c.created_at AT TIME ZONE recoup_store_timezone(c.organization_id, c.store_id))::date,
         c.currency, c.reason::text, v.supplier, v.sign, v.sign * recoup_case_cancelled_before_dispatch(c.state, c.outcome)
  FROM (VALUES (from_supplier, -1), (to_supplier, 1)) v(supplier, sign)
  ON CONFLICT (organization_id, store_id, day, currency, reason, supplier) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_case_supplier_follows() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  moved record;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS recoup_so_before (id uuid, organization_id uuid, order_id uuid, supplier text, created_at timestamptz)
    ON COMMIT DROP;
  CREATE TEMP TABLE IF NOT EXISTS recoup_so_touched (organization_id uuid, order_id uuid, id uuid) ON COMMIT DROP;
  TRUNCATE recoup_so_before, recoup_so_touched;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO recoup_so_touched SELECT organization_id, order_id, id FROM new_rows;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO recoup_so_touched SELECT organization_id, order_id, id FROM old_rows;
  END IF;
  -- The touched orders' supplier orders as they were before this statement.
  INSERT INTO recoup_so_before
  SELECT so.id, so.organization_id, so.order_id, so.supplier, so.created_at FROM supplier_orders so
  WHERE (so.organization_id, so.order_id) IN (SELECT organization_id, order_id FROM recoup_so_touched)
    AND so.id NOT IN (SELECT id FROM recoup_so_touched);
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO recoup_so_before SELECT id, organization_id, order_id, supplier, created_at FROM old_rows;
  END IF;

  FOR moved IN
    SELECT c AS kase, before.supplier AS from_supplier, now_.supplier AS to_supplier
    FROM cancellation_cases c
    CROSS JOIN LATERAL (
      SELECT coalesce(CASE WHEN c.supplier_order_id IS NULL
               THEN (SELECT b.supplier FROM recoup_so_before b WHERE b.organization_id = c.organization_id AND b.order_id = c.order_id
                     ORDER BY b.created_at, b.id LIMIT 1)
               ELSE (SELECT b.supplier FROM recoup_so_before b WHERE b.organization_id = c.organization_id AND b.id = c.supplier_order_id) END, '') AS supplier
    ) before
    CROSS JOIN LATERAL (SELECT recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id) AS supplier) now_
    WHERE (c.organization_id, c.order_id) IN (SELECT DISTINCT organization_id, order_id FROM recoup_so_touched)
      AND before.supplier IS DISTINCT FROM now_.supplier
  LOOP
    PERFORM recoup_move_case_supplier(moved.kase, moved.from_supplier, moved.to_supplier);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER supplier_orders_case_supplier_insert AFTER INSERT ON supplier_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_case_supplier_follows();
--> statement-breakpoint
CREATE TRIGGER supplier_orders_case_supplier_update AFTER UPDATE ON supplier_orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_case_supplier_follows();
--> statement-breakpoint
CREATE TRIGGER supplier_orders_case_supplier_delete AFTER DELETE ON supplier_orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recoup_case_supplier_follows();
--> statement-breakpoint

-- ---------------------------------------------------------------------------------------------
-- Rebuild from the base tables: the whole organization (by hand, or after a migration), or one
-- store (after its time zone changes: its ledger days move to the new zone first).
-- ---------------------------------------------------------------------------------------------
DROP FUNCTION IF EXISTS recoup_rebuild_report_rollups(uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rebuild_report_rollups(org uuid, store uuid DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  -- A whole organization rebuilds the period models in one pass at the end; one store keeps them
  -- through the day-table triggers (its rows are taken out, then put back).
  IF store IS NULL THEN PERFORM set_config('recoup.rollup_periods', 'off', true); END IF;

  UPDATE money_movements m SET local_date = (m.occurred_at AT TIME ZONE s.timezone)::date
  FROM stores s
  WHERE m.organization_id = org AND (store IS NULL OR m.store_id = store)
    AND s.organization_id = m.organization_id AND s.id = m.store_id
    AND m.local_date IS DISTINCT FROM (m.occurred_at AT TIME ZONE s.timezone)::date;

  DELETE FROM report_order_days WHERE organization_id = org AND (store IS NULL OR store_id = store);
  DELETE FROM report_case_days WHERE organization_id = org AND (store IS NULL OR store_id = store);
  DELETE FROM report_money_days WHERE organization_id = org AND (store IS NULL OR store_id = store);
  DELETE FROM report_exposure WHERE organization_id = org AND (store IS NULL OR store_id = store);
  DELETE FROM report_product_days WHERE organization_id = org AND (store IS NULL OR store_id = store);

  INSERT INTO report_order_days (organization_id, store_id, day, currency, orders, revenue_minor)
  SELECT o.organization_id, o.store_id, (o.placed_at AT TIME ZONE s.timezone)::date, o.currency, count(*), sum(o.total_minor)
  FROM orders o JOIN stores s ON s.organization_id = o.organization_id AND s.id = o.store_id
  WHERE o.organization_id = org AND (store IS NULL OR o.store_id = store) GROUP BY 1, 2, 3, 4;

  INSERT INTO report_case_days (organization_id, store_id, day, currency, reason, supplier, requests, cancelled_before_dispatch)
  SELECT c.organization_id, c.store_id, (c.created_at AT TIME ZONE s.timezone)::date, c.currency, c.reason::text,
         recoup_case_supplier(c.organization_id, c.supplier_order_id, c.order_id),
         count(*), sum(recoup_case_cancelled_before_dispatch(c.state, c.outcome))
  FROM cancellation_cases c JOIN stores s ON s.organization_id = c.organization_id AND s.id = c.store_id
  WHERE c.organization_id = org AND (store IS NULL OR c.store_id = store) GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO report_money_days (organization_id, store_id, day, currency, reason, supplier,
      refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor, refunds)
  SELECT m.organization_id, m.store_id, m.local_date, m.currency, coalesce(m.reason::text, 'unspecified'), coalesce(m.supplier, ''),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type IN ('customer_refund', 'customer_refund_correction')), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type IN ('customer_refund', 'customer_refund_correction') AND m.source = 'store'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_received'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_expected'), 0),
         coalesce(sum(m.amount_minor) FILTER (WHERE m.type = 'supplier_refund_written_off'), 0),
         count(*) FILTER (WHERE m.type = 'customer_refund' AND m.amount_minor > 0)
  FROM money_movements m WHERE m.organization_id = org AND (store IS NULL OR m.store_id = store) GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO report_exposure (organization_id, store_id, day, currency, reason, supplier, latest_day, outstanding_minor)
  SELECT e.organization_id, e.store_id, e.local_date, e.currency, coalesce(e.reason::text, 'unspecified'), coalesce(e.supplier, ''),
         coalesce((e.expected_latest AT TIME ZONE s.timezone)::date, e.local_date),
         sum(e.amount_minor - coalesce((SELECT sum(x.amount_minor) FROM money_movements x
                                         WHERE x.organization_id = e.organization_id AND x.settles_id = e.id
                                           AND x.type IN ('supplier_refund_received', 'supplier_refund_written_off')), 0))
  FROM money_movements e JOIN stores s ON s.organization_id = e.organization_id AND s.id = e.store_id
  WHERE e.organization_id = org AND (store IS NULL OR e.store_id = store) AND e.type = 'supplier_refund_expected'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(e.amount_minor - coalesce((SELECT sum(x.amount_minor) FROM money_movements x
                                         WHERE x.organization_id = e.organization_id AND x.settles_id = e.id
                                           AND x.type IN ('supplier_refund_received', 'supplier_refund_written_off')), 0)) <> 0;

  INSERT INTO report_product_days (organization_id, store_id, day, currency, product, title, refunded_minor, recovered_minor)
  SELECT m.organization_id, m.store_id, m.local_date, m.currency, sh.product, max(sh.title),
         coalesce(sum(sh.share) FILTER (WHERE m.type <> 'supplier_refund_received'), 0),
         coalesce(sum(sh.share) FILTER (WHERE m.type = 'supplier_refund_received'), 0)
  FROM money_movements m
  CROSS JOIN LATERAL recoup_product_shares(m.organization_id, m.order_id, m.amount_minor, m.allocation) sh
  WHERE m.organization_id = org AND (store IS NULL OR m.store_id = store) AND m.amount_minor <> 0
    AND m.type IN ('customer_refund', 'customer_refund_correction', 'supplier_refund_received')
  GROUP BY 1, 2, 3, 4, 5;

  IF store IS NULL THEN
    PERFORM recoup_rebuild_report_periods(org);
    PERFORM set_config('recoup.rollup_periods', 'on', true);
  END IF;
END
$$;
--> statement-breakpoint
-- The period models from the day tables, in one pass (each day row to its day and its month).
CREATE OR REPLACE FUNCTION recoup_rebuild_report_periods(org uuid) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_store_periods WHERE organization_id = org;
  DELETE FROM report_dim_periods WHERE organization_id = org;
  DELETE FROM report_product_periods WHERE organization_id = org;

  INSERT INTO report_store_periods (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day ELSE recoup_month_of(u.day) END, u.currency, u.store_id,
         sum(u.orders), sum(u.revenue), sum(u.requests), sum(u.cbd), sum(u.refunds), sum(u.refunded), sum(u.store_refunded),
         sum(u.recovered), sum(u.expected), sum(u.written_off)
  FROM (
    SELECT store_id, day, currency, orders, revenue_minor AS revenue, 0 AS requests, 0 AS cbd, 0 AS refunds, 0::bigint AS refunded,
           0::bigint AS store_refunded, 0::bigint AS recovered, 0::bigint AS expected, 0::bigint AS written_off
    FROM report_order_days WHERE organization_id = org
    UNION ALL
    SELECT store_id, day, currency, 0, 0, requests, cancelled_before_dispatch, 0, 0, 0, 0, 0, 0
    FROM report_case_days WHERE organization_id = org
    UNION ALL
    SELECT store_id, day, currency, 0, 0, 0, 0, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor
    FROM report_money_days WHERE organization_id = org
  ) u CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  GROUP BY 2, 3, 4, 5;

  INSERT INTO report_dim_periods (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day ELSE recoup_month_of(u.day) END, u.currency, u.reason, u.supplier,
         sum(u.requests), sum(u.cbd), sum(u.refunds), sum(u.refunded), sum(u.store_refunded),
         sum(u.recovered), sum(u.expected), sum(u.written_off)
  FROM (
    SELECT day, currency, reason, supplier, requests, cancelled_before_dispatch AS cbd, 0 AS refunds, 0::bigint AS refunded,
           0::bigint AS store_refunded, 0::bigint AS recovered, 0::bigint AS expected, 0::bigint AS written_off
    FROM report_case_days WHERE organization_id = org
    UNION ALL
    SELECT day, currency, reason, supplier, 0, 0, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor
    FROM report_money_days WHERE organization_id = org
  ) u CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  GROUP BY 2, 3, 4, 5, 6;

  INSERT INTO report_product_periods (organization_id, grain, start, currency, product, title, refunded_minor, recovered_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN p.day ELSE recoup_month_of(p.day) END, p.currency, p.product, max(p.title),
         sum(p.refunded_minor), sum(p.recovered_minor)
  FROM report_product_days p CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  WHERE p.organization_id = org
  GROUP BY 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_rebuild_rollups_on_timezone() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recoup_rebuild_report_rollups(NEW.organization_id, NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
SELECT recoup_rebuild_report_rollups(id) FROM organizations;
