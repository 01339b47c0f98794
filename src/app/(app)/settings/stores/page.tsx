import type { Metadata } from "next";
import { StoreSettings } from "@/components/settings/stores/store-settings";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Stores" };

export default async function StoreSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // `?add=1` (from the dashboard's empty state) opens the Add store dialog straight away.
  const { add } = await searchParams;
  await getQueryClient().prefetchQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  return (
    <HydrateClient>
      <StoreSettings openAddDialog={add === "1"} />
    </HydrateClient>
  );
}
