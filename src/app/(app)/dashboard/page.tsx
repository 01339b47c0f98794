import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.store.list.queryOptions({ includeArchived: true })),
    queryClient.prefetchQuery(trpc.member.list.queryOptions()),
    queryClient.prefetchQuery(trpc.audit.list.queryOptions({ limit: 10 })),
  ]);
  return (
    <HydrateClient>
      <DashboardView />
    </HydrateClient>
  );
}
