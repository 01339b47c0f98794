import type { Metadata } from "next";
import { DisputeDetailView } from "@/components/disputes/dispute-detail-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Dispute" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function DisputePage({ params }: { params: Promise<{ disputeId: string }> }) {
  const { disputeId } = await params;
  if (UUID.test(disputeId)) await getQueryClient().prefetchQuery(trpc.dispute.get.queryOptions({ disputeId }));
  return (
    <HydrateClient>
      <DisputeDetailView disputeId={disputeId} />
    </HydrateClient>
  );
}
