import type { Metadata } from "next";
import { MemberSettings } from "@/components/settings/members/member-settings";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Members" };

export default async function MemberSettingsPage() {
  const queryClient = getQueryClient();
  const organization = await queryClient.fetchQuery(trpc.organization.current.queryOptions());
  await Promise.all([
    queryClient.prefetchQuery(trpc.member.list.queryOptions()),
    queryClient.prefetchQuery(trpc.store.list.queryOptions({ includeArchived: true })),
    // Pending invitations are for those who manage members; others never ask for them.
    (organization.permissions as string[]).includes("members:manage")
      ? queryClient.prefetchQuery(trpc.invitation.list.queryOptions())
      : null,
  ]);
  return (
    <HydrateClient>
      <MemberSettings />
    </HydrateClient>
  );
}
