"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Archive, ArchiveRestore, Clock3, MoreHorizontal, Pencil, Plus, Store } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { messageOf } from "@/hooks/use-zod-form";
import { countryName } from "@/lib/locale-data";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { StoreFormDialog, type StoreRow } from "./store-form-dialog";
import { WebhookEndpoints } from "./webhook-endpoints";

export function StoreSettings({ openAddDialog = false }: { openAddDialog?: boolean }) {
  const trpc = useTRPC();
  const organization = useOrganization();
  const canManage = organization.can("stores:manage");
  const [showArchived, setShowArchived] = useState(false);
  const [adding, setAdding] = useState(openAddDialog && canManage);
  const [editing, setEditing] = useState<StoreRow | null>(null);
  const [archiving, setArchiving] = useState<StoreRow | null>(null);
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: showArchived }));
  const lifecycle = useStoreLifecycle();
  const router = useRouter();
  const activeStores = stores.data?.filter((s) => !s.archivedAt) ?? [];

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Stores</CardTitle>
            <CardDescription>
              {canManage ? "Add the stores you run. Archived stores keep their history." : "The stores you can see in this organization."}
            </CardDescription>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Switch checked={showArchived} onCheckedChange={setShowArchived} label="Show archived" />
            {canManage ? (
              <Button size="sm" onClick={() => setAdding(true)}>
                <Plus aria-hidden />
                Add store
              </Button>
            ) : null}
          </div>
        </CardHeader>
        {stores.isPending ? (
          <SkeletonRows className="border-t px-5 py-4" rows={3} />
        ) : stores.isError ? (
          <p className="border-t px-5 py-4 text-sm text-destructive">{stores.error.message}</p>
        ) : stores.data.length === 0 ? (
          <EmptyState
            className="border-t"
            icon={Store}
            title={showArchived ? "No stores" : "No active stores"}
            description={canManage ? "Add a store to import its orders and track its cancellations." : "Nobody has added a store you can see yet."}
            action={
              canManage ? (
                <Button size="sm" onClick={() => setAdding(true)}>
                  <Plus aria-hidden />
                  Add store
                </Button>
              ) : null
            }
          />
        ) : (
          <Table containerClassName="border-t" aria-label="Stores">
            <TableHeader>
              <TableRow>
                <TableHead>Store</TableHead>
                <TableHead className="hidden md:table-cell">Currency</TableHead>
                <TableHead className="hidden md:table-cell">Country</TableHead>
                <TableHead className="hidden lg:table-cell">Time zone</TableHead>
                <TableHead>Status</TableHead>
                {canManage ? (
                  <TableHead className="w-12">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {stores.data.map((store) => (
                <TableRow key={store.id} className={cn(store.archivedAt && "text-muted-foreground")}>
                  <TableCell className="max-w-0 w-full">
                    <p className="truncate font-medium text-foreground">{store.name}</p>
                    <p className="truncate text-xs text-muted-foreground">
                      <span className="font-mono">{store.slug}</span>
                      {store.shopDomain ? ` · ${store.shopDomain}` : null}
                    </p>
                    {/* On narrow screens the settings columns fold under the name. */}
                    <div className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground md:hidden">
                      <Badge>{store.currency}</Badge>
                      <Badge variant="outline">{store.country}</Badge>
                      <span className="inline-flex items-center gap-1">
                        <Clock3 className="size-3" aria-hidden />
                        {store.timezone}
                      </span>
                    </div>
                  </TableCell>
                  <TableCell className="hidden md:table-cell">
                    <Badge>{store.currency}</Badge>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">{countryName(store.country)}</TableCell>
                  <TableCell className="hidden whitespace-nowrap lg:table-cell">{store.timezone}</TableCell>
                  <TableCell>
                    {store.archivedAt ? <Badge variant="outline">Archived</Badge> : <Badge variant="success">Active</Badge>}
                  </TableCell>
                  {canManage ? (
                    <TableCell>
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${store.name}`} loading={lifecycle.pendingId === store.id}>
                            {lifecycle.pendingId === store.id ? null : <MoreHorizontal aria-hidden />}
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end">
                          <DropdownMenuItem onSelect={() => setEditing(store)}>
                            <Pencil aria-hidden />
                            Edit
                          </DropdownMenuItem>
                          {store.archivedAt ? (
                            <DropdownMenuItem onSelect={() => void lifecycle.restore(store)}>
                              <ArchiveRestore aria-hidden />
                              Restore
                            </DropdownMenuItem>
                          ) : (
                            <DropdownMenuItem destructive onSelect={() => setArchiving(store)}>
                              <Archive aria-hidden />
                              Archive
                            </DropdownMenuItem>
                          )}
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>

      {organization.can("secrets:manage") && stores.data ? <WebhookEndpoints stores={activeStores} /> : null}

      {canManage ? (
        <>
          <StoreFormDialog
            open={adding}
            onOpenChange={(open) => {
              setAdding(open);
              // Drop `?add=1` so a reload does not open the dialog again.
              if (!open && openAddDialog) router.replace("/settings/stores", { scroll: false });
            }}
          />
          <StoreFormDialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} store={editing ?? undefined} />
          <ConfirmDialog
            open={archiving !== null}
            onOpenChange={(open) => !open && setArchiving(null)}
            title={`Archive ${archiving?.name}?`}
            description="It disappears from store lists and imports. Its orders, cases and audit history stay, and you can restore it at any time."
            confirmLabel="Archive store"
            destructive
            onConfirm={() => (archiving ? lifecycle.archive(archiving) : Promise.resolve())}
          />
        </>
      ) : null}
    </div>
  );
}

function useStoreLifecycle() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const archive = useMutation(trpc.store.archive.mutationOptions());
  const restore = useMutation(trpc.store.restore.mutationOptions());
  const [pendingId, setPendingId] = useState<string | null>(null);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.store.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
  }

  return {
    pendingId,
    archive: async (store: StoreRow) => {
      await archive.mutateAsync({ storeId: store.id });
      await refresh();
      toast.success("Store archived", store.name);
    },
    restore: async (store: StoreRow) => {
      setPendingId(store.id);
      try {
        await restore.mutateAsync({ storeId: store.id });
        await refresh();
        toast.success("Store restored", store.name);
      } catch (error) {
        toast.error("Could not restore the store", messageOf(error));
      } finally {
        setPendingId(null);
      }
    },
  };
}
