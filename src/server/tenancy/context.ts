import type { Tx } from "../db/client";
import type { Actor } from "../audit/record";
import type { ResolvedMembership } from "./membership";

/** What a tenant-scoped service function needs: the transaction and who is acting, from where. */
export interface TenantContext {
  tx: Tx;
  organizationId: string;
  membership: ResolvedMembership;
  actor: Actor;
  requestId: string;
  userId: string;
}
