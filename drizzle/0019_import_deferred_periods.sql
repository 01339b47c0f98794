-- Imports hold no organization-wide roll-up row until their end (docs/perf.md, "Loss report").
-- An import is one transaction (all or nothing per file, SPEC §7). Written row by row, its changes to
-- the period models took the organization's and the year's rows at its first order and held them to
-- its commit, so every same-currency write of the organization, in any store, waited for the import.
-- Now an import asks for its period-model changes to be kept aside (`recoup_defer_periods()`: a
-- temporary table of the transaction and a setting of the transaction), and adds them up at its end
-- (`recoup_flush_periods()`: one call per model, day and key, in order of day), under the
-- organization's writer lock, right before its audit event. The day tables are still written as the
-- rows go (they are per store). The add functions become a switch: kept aside while deferred, written
-- otherwise (the bodies are the former functions, renamed `recoup_write_*`). The models are sums, so
-- adding the summed changes once equals adding each change in turn (the product title is the greatest
-- one either way).
-- ---------------------------------------------------------------------------------------------
ALTER FUNCTION recoup_add_store_period(uuid, uuid, date, char(3), integer, bigint, integer, integer, integer, bigint, bigint, bigint, bigint, bigint, bigint)
  RENAME TO recoup_write_store_period;
--> statement-breakpoint
ALTER FUNCTION recoup_add_dim_period(uuid, date, char(3), text, text, integer, integer, integer, bigint, bigint, bigint, bigint, bigint, bigint)
  RENAME TO recoup_write_dim_period;
--> statement-breakpoint
ALTER FUNCTION recoup_add_product_period(uuid, date, char(3), text, text, bigint, bigint)
  RENAME TO recoup_write_product_period;
--> statement-breakpoint
CREATE FUNCTION recoup_defer_periods() RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS recoup_deferred_periods (
    fn char(1) NOT NULL,           -- 's' store, 'd' reason × supplier, 'p' product
    org uuid NOT NULL,
    store uuid,
    d date NOT NULL,
    cur char(3) NOT NULL,
    k1 text,                       -- reason, or product
    k2 text,                       -- supplier, or product title
    n1 bigint, n2 bigint, n3 bigint, n4 bigint, n5 bigint, n6 bigint, n7 bigint, n8 bigint, n9 bigint, n10 bigint, n11 bigint
  ) ON COMMIT DROP;
  PERFORM set_config('recoup.defer_periods', 'on', true);
END
$$;
--> statement-breakpoint
CREATE FUNCTION recoup_add_store_period(org uuid, store uuid, d date, cur char(3),
    n_orders integer, n_revenue bigint, n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.defer_periods', true) = 'on' THEN
    INSERT INTO recoup_deferred_periods (fn, org, store, d, cur, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11)
    VALUES ('s', org, store, d, cur, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
            n_recovered, n_expected, n_written_off, n_outstanding);
  ELSE
    PERFORM recoup_write_store_period(org, store, d, cur, n_orders, n_revenue, n_requests, n_cbd, n_refunds, n_refunded,
      n_store_refunded, n_recovered, n_expected, n_written_off, n_outstanding);
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION recoup_add_dim_period(org uuid, d date, cur char(3), reason_key text, supplier_key text,
    n_requests integer, n_cbd integer, n_refunds integer,
    n_refunded bigint, n_store_refunded bigint, n_recovered bigint, n_expected bigint, n_written_off bigint,
    n_outstanding bigint DEFAULT 0) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.defer_periods', true) = 'on' THEN
    INSERT INTO recoup_deferred_periods (fn, org, d, cur, k1, k2, n1, n2, n3, n4, n5, n6, n7, n8, n9)
    VALUES ('d', org, d, cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded, n_store_refunded,
            n_recovered, n_expected, n_written_off, n_outstanding);
  ELSE
    PERFORM recoup_write_dim_period(org, d, cur, reason_key, supplier_key, n_requests, n_cbd, n_refunds, n_refunded,
      n_store_refunded, n_recovered, n_expected, n_written_off, n_outstanding);
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION recoup_add_product_period(org uuid, d date, cur char(3), product_key text, product_title text,
    n_refunded bigint, n_recovered bigint) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('recoup.defer_periods', true) = 'on' THEN
    INSERT INTO recoup_deferred_periods (fn, org, d, cur, k1, k2, n1, n2)
    VALUES ('p', org, d, cur, product_key, product_title, n_refunded, n_recovered);
  ELSE
    PERFORM recoup_write_product_period(org, d, cur, product_key, product_title, n_refunded, n_recovered);
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION recoup_flush_periods() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF current_setting('recoup.defer_periods', true) IS DISTINCT FROM 'on' THEN
    RETURN;
  END IF;
  PERFORM set_config('recoup.defer_periods', 'off', true);
  -- In order of day, then model and key: the day, month and year rows are taken in the order every
  -- single write takes them.
  FOR c IN
    SELECT fn, org, store, d, cur, k1, k2, sum(n1) AS n1, sum(n2) AS n2, sum(n3) AS n3, sum(n4) AS n4, sum(n5) AS n5,
           sum(n6) AS n6, sum(n7) AS n7, sum(n8) AS n8, sum(n9) AS n9, sum(n10) AS n10, sum(n11) AS n11
    FROM recoup_deferred_periods
    GROUP BY fn, org, store, d, cur, k1, k2
    ORDER BY d, fn, store, cur, k1, k2
  LOOP
    IF c.fn = 's' THEN
      PERFORM recoup_write_store_period(c.org, c.store, c.d, c.cur, c.n1::integer, c.n2::bigint, c.n3::integer, c.n4::integer,
        c.n5::integer, c.n6::bigint, c.n7::bigint, c.n8::bigint, c.n9::bigint, c.n10::bigint, c.n11::bigint);
    ELSIF c.fn = 'd' THEN
      PERFORM recoup_write_dim_period(c.org, c.d, c.cur, c.k1, c.k2, c.n1::integer, c.n2::integer, c.n3::integer, c.n4::bigint,
        c.n5::bigint, c.n6::bigint, c.n7::bigint, c.n8::bigint, c.n9::bigint);
    ELSE
      PERFORM recoup_write_product_period(c.org, c.d, c.cur, c.k1, c.k2, c.n1::bigint, c.n2::bigint);
    END IF;
  END LOOP;
  DELETE FROM recoup_deferred_periods;
END
$$;
