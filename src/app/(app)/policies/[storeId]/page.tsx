import type { Metadata } from "next";
import { PolicyBuilder } from "@/components/policies/policy-builder";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Policy builder" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PolicyBuilderPage({ params }: { params: Promise<{ storeId: string }> }) {
  const { storeId } = await params;
  if (UUID.test(storeId)) await getQueryClient().prefetchQuery(trpc.policy.get.queryOptions({ storeId }));
  return (
    <HydrateClient>
      <PolicyBuilder storeId={storeId} />
    </HydrateClient>
  );
}
