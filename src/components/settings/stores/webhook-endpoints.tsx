"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Eye, EyeOff, RefreshCw, Webhook } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { useOrigin } from "@/hooks/use-origin";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { StoreRow } from "./store-form-dialog";

/** Where each store's Shopify webhooks go, and the secret that signs them. Admins only. */
export function WebhookEndpoints({ stores }: { stores: StoreRow[] }) {
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Webhooks</CardTitle>
          <CardDescription>
            In Shopify, under Settings → Notifications → Webhooks, send order, refund and dispute events to the store&apos;s
            endpoint and sign them with its secret.
          </CardDescription>
        </div>
      </CardHeader>
      {stores.length === 0 ? (
        <EmptyState className="border-t" icon={Webhook} title="No active stores" description="Each store you add gets its own endpoint and secret." />
      ) : (
        <ul className="divide-y border-t">
          {stores.map((store) => (
            <WebhookEndpoint key={store.id} store={store} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function WebhookEndpoint({ store }: { store: StoreRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const origin = useOrigin();
  const [revealed, setRevealed] = useState(false);
  const secretQuery = trpc.store.webhookSecret.queryOptions({ storeId: store.id });
  const secret = useQuery({ ...secretQuery, enabled: revealed, staleTime: 0, gcTime: 0 });
  const rotate = useMutation(trpc.store.rotateWebhookSecret.mutationOptions());
  const endpoint = `${origin}/api/webhooks/shopify/${store.id}`;

  return (
    <li className="grid gap-3 px-5 py-4" data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium">{store.name}</p>
        {secret.data?.rotatedAt ? (
          <p className="text-xs text-muted-foreground">Secret rotated {formatDateTime(secret.data.rotatedAt)}</p>
        ) : null}
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <div className="grid min-w-0 gap-1.5">
          <span className="text-xs font-medium text-muted-foreground">Endpoint URL</span>
          <div className="flex min-w-0 items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded-md border bg-muted/50 px-2.5 py-1.5 font-mono text-xs" title={endpoint}>
              {endpoint}
            </code>
            <CopyButton value={endpoint} aria-label={`Copy the webhook endpoint of ${store.name}`} />
          </div>
        </div>
        <div className="grid min-w-0 gap-1.5">
          <span className="text-xs font-medium text-muted-foreground">Signing secret</span>
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded-md border bg-muted/50 px-2.5 py-1.5 font-mono text-xs"
              aria-live="polite"
              data-testid="webhook-secret"
            >
              {revealed && secret.data ? secret.data.webhookSecret : "whsec_••••••••••••••••••••••••"}
            </code>
            {revealed && secret.data ? (
              <>
                <CopyButton value={secret.data.webhookSecret} aria-label={`Copy the webhook secret of ${store.name}`} />
                <Button variant="secondary" size="sm" onClick={() => setRevealed(false)}>
                  <EyeOff aria-hidden />
                  Hide
                </Button>
              </>
            ) : (
              <Button variant="secondary" size="sm" onClick={() => setRevealed(true)} disabled={revealed && secret.isFetching}>
                {revealed && secret.isFetching ? <Spinner /> : <Eye aria-hidden />}
                Reveal
              </Button>
            )}
            <ConfirmDialog
              trigger={
                <Button variant="secondary" size="sm">
                  <RefreshCw aria-hidden />
                  Rotate
                </Button>
              }
              title={`Rotate the webhook secret of ${store.name}?`}
              description="A new secret is issued at once. The current one keeps working for one hour, so update it in Shopify within the hour."
              confirmLabel="Rotate secret"
              destructive
              onConfirm={async () => {
                const rotated = await rotate.mutateAsync({ storeId: store.id });
                queryClient.setQueryData(secretQuery.queryKey, { id: store.id, webhookSecret: rotated.webhookSecret, rotatedAt: new Date() });
                setRevealed(true);
                await queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() });
                toast.success("Webhook secret rotated", `Update it in ${store.name}'s Shopify settings within the hour.`);
              }}
            />
          </div>
          {secret.isError ? <p className="text-xs text-destructive">{secret.error.message}</p> : null}
        </div>
      </div>
    </li>
  );
}
