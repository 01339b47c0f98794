import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { listAuditEvents, listAuditSchema } from "./list";
import { verifyAuditChain } from "./record";
import { AUDIT_ACTIONS } from "./events";

export const auditRouter = createTRPCRouter({
  list: permissionProcedure("audit:read")
    .input(listAuditSchema)
    .query(({ ctx, input }) => listAuditEvents(tenantContext(ctx), input)),
  actions: permissionProcedure("audit:read").query(() => Object.keys(AUDIT_ACTIONS)),
  verify: permissionProcedure("members:manage").query(({ ctx }) => verifyAuditChain(ctx.tx, ctx.organizationId)),
});
