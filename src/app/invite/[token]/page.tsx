import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { InvitationView } from "@/components/invitations/invitation-view";
import { auth } from "@/server/auth";
import { getQueryClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await auth();
  const preview = await getQueryClient()
    .fetchQuery(trpc.invitation.preview.queryOptions({ token }))
    .catch((error: unknown) => {
      // A malformed or unknown token reads the same to the guest: the link is not valid.
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
      throw error;
    });
  return <InvitationView token={token} preview={preview} signedInEmail={session?.user?.email ?? null} />;
}
