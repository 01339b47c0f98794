import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import type { Db } from "@/server/db/client";

export interface TestUser {
  id: string;
  email: string;
  name: string;
}

/** A tRPC caller acting as `user` (or as a guest), exactly as an HTTP request with that session would. */
export function callerFor(db: Db, user: TestUser | null, organizationId?: string | null) {
  return createCaller(
    createTRPCContext({
      db,
      session: user ? { user, organizationId: organizationId ?? null } : null,
      headers: new Headers({ "x-forwarded-for": "203.0.113.7" }),
    }),
  );
}
