import type { Tx } from "../db/client";
import type { Actor } from "../audit/record";
import type { ResolvedMembership } from "../tenancy/membership";
import type { TenantContext } from "../tenancy/context";

/** Narrows a procedure's context to what services take. */
export function tenantContext(ctx: {
  tx: Tx;
  organizationId: string;
  membership: ResolvedMembership;
  actor: Actor;
  requestId: string;
  user: { id: string };
}): TenantContext {
  return {
    tx: ctx.tx,
    organizationId: ctx.organizationId,
    membership: ctx.membership,
    actor: ctx.actor,
    requestId: ctx.requestId,
    userId: ctx.user.id,
  };
}
