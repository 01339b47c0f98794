import type { Metadata } from "next";
import { CaseDetailView } from "@/components/cases/case-detail-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Case" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function CasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const { caseId } = await params;
  // A failed prefetch (not found, not allowed) is left to the client view, which explains it.
  if (UUID.test(caseId)) await getQueryClient().prefetchQuery(trpc.case.get.queryOptions({ caseId }));
  return (
    <HydrateClient>
      <CaseDetailView caseId={caseId} />
    </HydrateClient>
  );
}
