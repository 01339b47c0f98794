import type { Metadata } from "next";
import { PoliciesView } from "@/components/policies/policies-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  await getQueryClient().prefetchQuery(trpc.policy.list.queryOptions());
  return (
    <HydrateClient>
      <PoliciesView />
    </HydrateClient>
  );
}
