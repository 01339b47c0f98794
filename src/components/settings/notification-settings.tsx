"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { Card, CardContent } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { Skeleton } from "@/components/ui/skeleton";
import { SettingsSection } from "./settings-section";

/** Each member's own choice: a daily email digest of deadlines near or missed, or in-app only. */
export function NotificationSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notification.preferences.queryOptions());
  const save = useMutation(
    trpc.notification.setEmailDigest.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notification.preferences.queryKey() }),
    }),
  );
  return (
    <SettingsSection
      title="Email digest"
      description="At most one email a day listing the deadlines that are near or missed and supplier answers recorded by others. The bell in the sidebar always shows them."
    >
      <Card>
        <CardContent className="space-y-2 py-4">
          {prefs.isLoading || !prefs.data ? (
            <Skeleton className="h-6 w-48" />
          ) : (
            <>
              <Switch
                checked={prefs.data.emailDigest}
                disabled={save.isPending}
                onCheckedChange={(emailDigest) => save.mutate({ emailDigest })}
                label="Send me a daily digest by email"
              />
              {!prefs.data.smtpConfigured ? (
                <p className="text-[13px] text-muted-foreground">
                  This server has no email (SMTP) configured, so nothing is sent yet; notifications stay in the app.
                </p>
              ) : null}
            </>
          )}
          {save.error ? <p className="text-[13px] text-destructive">{save.error.message}</p> : null}
        </CardContent>
      </Card>
    </SettingsSection>
  );
}
