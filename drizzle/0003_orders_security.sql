-- Row-level security for the orders domain (see 0001_security.sql for the helper).
SELECT recoup_enable_tenant_rls('orders');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('order_line_items');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('supplier_orders');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('webhook_deliveries');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('import_jobs');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('import_files');
