import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { AUDIT_PAGE_SIZE, nextAuditCursor } from "@/components/audit/audit-format";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      trpc.audit.list.infiniteQueryOptions({ limit: AUDIT_PAGE_SIZE }, { getNextPageParam: nextAuditCursor }),
    ),
    queryClient.prefetchQuery(trpc.member.list.queryOptions()),
    queryClient.prefetchQuery(trpc.audit.actions.queryOptions()),
    queryClient.prefetchQuery(trpc.store.list.queryOptions({ includeArchived: true })),
  ]);
  return (
    <HydrateClient>
      <AuditLog />
    </HydrateClient>
  );
}
