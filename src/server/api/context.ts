import { getDb } from "../db/client";
import { sessionFromHeaders } from "../auth/session";
import { createTRPCContext, type AppSession } from "./trpc";

/** The request context for tRPC over HTTP and for server components. */
export async function createRequestContext(headers: Headers) {
  const session = await sessionFromHeaders(headers);
  const appSession: AppSession | null = session?.user?.id
    ? {
        user: { id: session.user.id, email: session.user.email ?? "", name: session.user.name ?? "" },
        organizationId: session.organizationId,
      }
    : null;
  return createTRPCContext({ db: await getDb(), session: appSession, headers, perRequest: true });
}
