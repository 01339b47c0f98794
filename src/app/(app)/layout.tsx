import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell/app-shell";
import { auth } from "@/server/auth";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";
import { Providers } from "../providers";

/** Signed-in pages. Signed-out visitors go to sign-in; members of no organization, to onboarding. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in");

  const queryClient = getQueryClient();
  const [hasOrganization] = await Promise.all([
    queryClient
      .fetchQuery(trpc.organization.current.queryOptions())
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof TRPCError && error.code === "PRECONDITION_FAILED") return false;
        throw error;
      }),
    queryClient.prefetchQuery(trpc.organization.mine.queryOptions()),
  ]);
  if (!hasOrganization) redirect("/onboarding");

  return (
    <Providers session={session}>
      <HydrateClient>
        <AppShell>{children}</AppShell>
      </HydrateClient>
    </Providers>
  );
}
