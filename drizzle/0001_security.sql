-- Row-level security, the application role and the append-only audit trail.
-- The connecting (migrating) role owns the tables; every tenant request drops to recoup_app.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recoup_app') THEN
    CREATE ROLE recoup_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'recoup_app', 'MEMBER') THEN
    EXECUTE format('GRANT recoup_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO recoup_app;
--> statement-breakpoint
-- The organization a transaction is scoped to; NULL (no rows) when none was set.
CREATE OR REPLACE FUNCTION recoup_current_org() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.organization_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION recoup_current_org() TO recoup_app;
--> statement-breakpoint
-- Enables and forces RLS on a tenant table with one policy on organization_id, and grants the
-- application role what it may do there. Later migrations call this for every new tenant table.
CREATE OR REPLACE FUNCTION recoup_enable_tenant_rls(tbl regclass, privileges text DEFAULT 'SELECT, INSERT, UPDATE, DELETE')
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (organization_id = recoup_current_org()) WITH CHECK (organization_id = recoup_current_org())',
    tbl);
  EXECUTE format('GRANT %s ON %s TO recoup_app', privileges, tbl);
END
$$;
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('memberships');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('stores');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('store_grants');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('invitations');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('audit_events', 'SELECT, INSERT');
--> statement-breakpoint
-- The tenant root: its own id is the organization.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations USING (id = recoup_current_org()) WITH CHECK (id = recoup_current_org());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations TO recoup_app;
--> statement-breakpoint
-- Users are global; a tenant transaction may read names and emails (never password hashes).
GRANT SELECT (id, email, name, created_at) ON users TO recoup_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recoup_audit_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION recoup_audit_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION recoup_audit_is_append_only();
