SELECT recoup_enable_tenant_rls('notifications');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('deadline_marks', 'SELECT, INSERT');
--> statement-breakpoint
SELECT recoup_enable_tenant_rls('notification_preferences');
