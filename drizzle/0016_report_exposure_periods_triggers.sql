-- Exposure in the period models (see 0015): what is still expected from suppliers, by the
-- expectation's local day, is kept in report_store_periods / report_dim_periods as
-- `outstanding_minor`, day and month rows, from every change of report_exposure (same transaction).
-- The organization's report then reads exposure from whole months like every other figure; overdue is
-- the outstanding amount less the few rows whose latest day has not passed yet (read from
-- report_exposure through report_exposure_latest_day_idx). The product model gains year rows.
-- ---------------------------------------------------------------------------------------------
DROP FUNCTION recoup_add_store_period(uuid, uuid, date, char(3), integer, bigint, integer, integer, integer, bigint, bigint, bigint, bigint, bigint);
--> statement-breakpoint
DROP FUNCTION recoup_add_dim_period(uuid, date, char(3), text, text, integer, integer, integer, bigint, bigint, bigint, bigint, bigint);
--> statement-breakpoint
CREATE FUNCTION recoup_add_store_period(org uuid, store uuid, d date, cur char(3),
    n_orders integer, n_revenue bigint, n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_store_periods AS r (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  VALUES (org, 'd', d, cur, store, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered,
          n_expected, n_written_off, n_outstanding),
         (org, 'm', recoup_month_of(d), cur, store, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
          n_recovered, n_expected, n_written_off, n_outstanding)
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
END
$$;
--> statement-breakpoint
CREATE FUNCTION recoup_add_dim_period(org uuid, d date, cur char(3), reason_key text, supplier_key text,
    n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dim_periods AS r (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  VALUES (org, 'd', d, cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded, n_recovered,
          n_expected, n_written_off, n_outstanding),
         (org, 'm', recoup_month_of(d), cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
          n_recovered, n_expected, n_written_off, n_outstanding)
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
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_periods_from_exposure() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.rollup_periods', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier)
                        = (NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier) THEN
    IF NEW.outstanding_minor <> OLD.outstanding_minor THEN
      PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        NEW.outstanding_minor - OLD.outstanding_minor);
      PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier, 0, 0, 0, 0, 0, 0, 0, 0,
        NEW.outstanding_minor - OLD.outstanding_minor);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.outstanding_minor <> 0 THEN
    PERFORM recoup_add_store_period(OLD.organization_id, OLD.store_id, OLD.day, OLD.currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      -OLD.outstanding_minor);
    PERFORM recoup_add_dim_period(OLD.organization_id, OLD.day, OLD.currency, OLD.reason, OLD.supplier, 0, 0, 0, 0, 0, 0, 0, 0,
      -OLD.outstanding_minor);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.outstanding_minor <> 0 THEN
    PERFORM recoup_add_store_period(NEW.organization_id, NEW.store_id, NEW.day, NEW.currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      NEW.outstanding_minor);
    PERFORM recoup_add_dim_period(NEW.organization_id, NEW.day, NEW.currency, NEW.reason, NEW.supplier, 0, 0, 0, 0, 0, 0, 0, 0,
      NEW.outstanding_minor);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_exposure_periods AFTER INSERT OR UPDATE OR DELETE ON report_exposure
  FOR EACH ROW EXECUTE FUNCTION recoup_periods_from_exposure();
--> statement-breakpoint
-- The period models from the day tables and the exposure, in one pass (each row to its day and its month).
CREATE OR REPLACE FUNCTION recoup_rebuild_report_periods(org uuid) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_store_periods WHERE organization_id = org;
  DELETE FROM report_dim_periods WHERE organization_id = org;
  DELETE FROM report_product_periods WHERE organization_id = org;

  INSERT INTO report_store_periods (organization_id, grain, start, currency, store_id, orders, revenue_minor, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day ELSE recoup_month_of(u.day) END, u.currency, u.store_id,
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
  ) u CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  GROUP BY 2, 3, 4, 5;

  INSERT INTO report_dim_periods (organization_id, grain, start, currency, reason, supplier, requests,
      cancelled_before_dispatch, refunds, refunded_minor, store_refunded_minor, recovered_minor, expected_minor, written_off_minor,
      outstanding_minor)
  SELECT org, g.grain, CASE g.grain WHEN 'd' THEN u.day ELSE recoup_month_of(u.day) END, u.currency, u.reason, u.supplier,
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
  ) u CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  GROUP BY 2, 3, 4, 5, 6;

  INSERT INTO report_product_periods (organization_id, grain, start, currency, product, title, refunded_minor, recovered_minor)
  SELECT org, g.grain,
         CASE g.grain WHEN 'd' THEN p.day WHEN 'm' THEN recoup_month_of(p.day) ELSE date_trunc('year', p.day::timestamp)::date END,
         p.currency, p.product, max(p.title), sum(p.refunded_minor), sum(p.recovered_minor)
  FROM report_product_days p CROSS JOIN (VALUES ('d'), ('m'), ('y')) g(grain)
  WHERE p.organization_id = org
  GROUP BY 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
-- Year rows ('y', `start` = 1 January) in the product model: the top products of a year read one
-- row per product instead of twelve month rows (see coarseSpans in src/server/reports/loss.ts).
CREATE OR REPLACE FUNCTION recoup_add_product_period(org uuid, d date, cur char(3), product_key text, product_title text,
    n_refunded bigint, n_recovered bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_product_periods AS r (organization_id, grain, start, currency, product, title, refunded_minor, recovered_minor)
  VALUES (org, 'd', d, cur, product_key, product_title, n_refunded, n_recovered),
         (org, 'm', recoup_month_of(d), cur, product_key, product_title, n_refunded, n_recovered),
         (org, 'y', date_trunc('year', d::timestamp)::date, cur, product_key, product_title, n_refunded, n_recovered)
  ON CONFLICT (organization_id, grain, start, currency, product) DO UPDATE SET
    title = greatest(r.title, EXCLUDED.title),
    refunded_minor = r.refunded_minor + EXCLUDED.refunded_minor,
    recovered_minor = r.recovered_minor + EXCLUDED.recovered_minor;
END
$$;
--> statement-breakpoint
SELECT recoup_rebuild_report_periods(id) FROM organizations;
