-- The organization model and year rows (see 0017). Every slice of an organization's report over a
-- whole period now reads year rows where it can: the total and reason slices from report_org_periods
-- (per currency and reason, orders and revenue under reason ''), the store slice from
-- report_store_periods, the supplier slice from report_dim_periods; the month and month × reason
-- slices read report_org_periods' month and day rows. The store and reason × supplier functions write
-- a row for the year too ('y', `start` = 1 January), and feed the organization model: the store function
-- its orders and revenue, the reason × supplier function everything else (every case, money and
-- exposure change reaches both functions, so each figure lands in the organization model once).
-- ---------------------------------------------------------------------------------------------
SELECT recoup_enable_tenant_rls('report_org_periods');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_year_of(d date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('year', d::timestamp)::date $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_org_period(org uuid, d date, cur char(3), reason_key text,
    n_orders integer, n_revenue bigint, n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_org_periods AS r (organization_id, grain, start, currency, reason, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, g.start, cur, reason_key, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
         n_recovered, n_expected, n_written_off, n_outstanding
  FROM (VALUES ('d', d), ('m', recoup_month_of(d)), ('y', recoup_year_of(d))) g(grain, start)
  ON CONFLICT (organization_id, grain, start, currency, reason) DO UPDATE SET
    orders = r.orders + EXCLUDED.orders,
    revenue_minor = r.revenue_minor + EXCLUDED.revenue_minor,
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch,
    refunds = r.refunds + EXCLUDED.refunds,
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor,
    outstanding_minor = r.outstanding_minor + EXCLUDED.outstanding_minor;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_store_period(org uuid, store uuid, d date, cur char(3),
    n_orders integer, n_revenue bigint, n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_store_periods AS r (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, g.start, cur, store, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
         n_recovered, n_expected, n_written_off, n_outstanding
  FROM (VALUES ('d', d), ('m', recoup_month_of(d)), ('y', recoup_year_of(d))) g(grain, start)
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
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor,
    outstanding_minor = r.outstanding_minor + EXCLUDED.outstanding_minor;
  -- Orders have no reason: the organization model keeps them under reason ''.
  IF n_orders <> 0 OR n_revenue <> 0 THEN
    PERFORM recoup_add_org_period(org, d, cur, '', n_orders, n_revenue, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_add_dim_period(org uuid, d date, cur char(3), reason_key text, supplier_key text,
    n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dim_periods AS r (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, g.start, cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
         n_recovered, n_expected, n_written_off, n_outstanding
  FROM (VALUES ('d', d), ('m', recoup_month_of(d)), ('y', recoup_year_of(d))) g(grain, start)
  ON CONFLICT (organization_id, grain, start, currency, reason, supplier) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    cancelled_before_dispatch = r.cancelled_before_dispatch + EXCLUDED.cancelled_before_dispatch,
    refunds = r.refunds + EXCLUDED.refunds,
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    store_refunded_minor = r.store_refunded_minor + EXCLUDED.store_refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor,
    expected_minor = r.expected_minor + EXCLUDED.expected_minor,
    written_off_minor = r.written_off_minor + EXCLUDED.written_off_minor,
    outstanding_minor = r.outstanding_minor + EXCLUDED.outstanding_minor;
  PERFORM recoup_add_org_period(org, d, cur, reason_key, 0, 0, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
    n_recovered, n_expected, n_written_off, n_outstanding);
END
$$;
--> statement-breakpoint
-- The period models from the day tables and the exposure, in one pass (each row to its day, its month
-- and its year).
CREATE OR REPLACE FUNCTION recoup_rebuild_report_periods(org uuid) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_store_periods WHERE organization_id = org;
  DELETE FROM report_dim_periods WHERE organization_id = org;
  DELETE FROM report_org_periods WHERE organization_id = org;
  DELETE FROM report_product_periods WHERE organization_id = org;

  INSERT INTO report_store_periods (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day WHEN 'm' THEN recoup_month_of(u.day) ELSE recoup_year_of(u.day) END,
         u.currency, u.store_id,
         sum(u.orders), sum(u.revenue), sum(u.requests), sum(u.cbd), sum(u.refunds), sum(u.refunded), sum(u.store_refunded),
         sum(u.recovered), sum(u.expected), sum(u.written_off), sum(u.outstanding)
  FROM (
    SELECT store_id, day, currency, orders, revenue_minor AS revenue, 0 AS requests, 0 AS cbd, 0 AS refunds, 0::bigint AS refunded,
           0::bigint AS store_refunded, 0::bigint AS recovered, 0::bigint AS expected, 0::bigint AS written_off, 0::bigint AS outstanding
    FROM report_order_days WHERE organization_id = org
    UNION ALL
    SELECT store_id, day, currency, 0, 0, requests, cancelled_before_dispatch, 0, 0, 0, 0, 0, 0, 0
    FROM report_case_days WHERE organization_id = org
    UNION ALL
    SELECT store_id, day, currency, 0, 0, 0, 0, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor,
           written_off_minor, 0
    FROM report_money_days WHERE organization_id = org
    UNION ALL
    SELECT store_id, day, currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, outstanding_minor
    FROM report_exposure WHERE organization_id = org
  ) u CROSS JOIN (VALUES ('d'), ('m'), ('y')) g(grain)
  GROUP BY 2, 3, 4, 5;

  INSERT INTO report_dim_periods (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day WHEN 'm' THEN recoup_month_of(u.day) ELSE recoup_year_of(u.day) END,
         u.currency, u.reason, u.supplier,
         sum(u.requests), sum(u.cbd), sum(u.refunds), sum(u.refunded), sum(u.store_refunded),
         sum(u.recovered), sum(u.expected), sum(u.written_off), sum(u.outstanding)
  FROM (
    SELECT day, currency, reason, supplier, requests, cancelled_before_dispatch AS cbd, 0 AS refunds, 0::bigint AS refunded,
           0::bigint AS store_refunded, 0::bigint AS recovered, 0::bigint AS expected, 0::bigint AS written_off, 0::bigint AS outstanding
    FROM report_case_days WHERE organization_id = org
    UNION ALL
    SELECT day, currency, reason, supplier, 0, 0, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor,
           written_off_minor, 0
    FROM report_money_days WHERE organization_id = org
    UNION ALL
    SELECT day, currency, reason, supplier, 0, 0, 0, 0, 0, 0, 0, 0, outstanding_minor
    FROM report_exposure WHERE organization_id = org
  ) u CROSS JOIN (VALUES ('d'), ('m'), ('y')) g(grain)
  GROUP BY 2, 3, 4, 5, 6;

  -- The organization model: the reason × supplier model summed over suppliers, and orders under ''.
  INSERT INTO report_org_periods (organization_id, grain, start, currency, reason, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, grain, start, currency, reason, 0, 0, sum(requests), sum(cancelled_before_dispatch), sum(refunds), sum(refunded_minor),
         sum(store_refunded_minor), sum(recovered_minor), sum(expected_minor), sum(written_off_minor), sum(outstanding_minor)
  FROM report_dim_periods WHERE organization_id = org
  GROUP BY grain, start, currency, reason
  UNION ALL
  SELECT org, grain, start, currency, '', sum(orders), sum(revenue_minor), 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM report_store_periods WHERE organization_id = org
  GROUP BY grain, start, currency
  HAVING sum(orders) <> 0 OR sum(revenue_minor) <> 0;

  INSERT INTO report_product_periods (organization_id, grain, start, currency, product, title, refunded_minor, recovered_minor)
  SELECT org, g.grain,
         CASE g.grain WHEN 'd' THEN p.day WHEN 'm' THEN recoup_month_of(p.day) ELSE recoup_year_of(p.day) END,
         p.currency, p.product, max(p.title), sum(p.refunded_minor), sum(p.recovered_minor)
  FROM report_product_days p CROSS JOIN (VALUES ('d'), ('m'), ('y')) g(grain)
  WHERE p.organization_id = org
  GROUP BY 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
SELECT recoup_rebuild_report_periods(id) FROM organizations;
