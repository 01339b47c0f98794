import { z } from "zod";
import { createTRPCRouter, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import {
  applyTemplate,
  applyTemplateSchema,
  compareSchema,
  compareVersions,
  getPolicy,
  listPolicies,
  listVersions,
  publishPolicy,
  publishSchema,
  saveDraft,
  saveDraftSchema,
  saveSupplierTerms,
  saveSupplierTermsSchema,
} from "./service";

const storeIdInput = z.object({ storeId: z.uuid() });
const read = permissionProcedure("orders:read");
const publish = permissionProcedure("policies:publish");

export const policyRouter = createTRPCRouter({
  list: read.query(({ ctx }) => listPolicies(tenantContext(ctx))),
  get: read.input(storeIdInput).query(({ ctx, input }) => getPolicy(tenantContext(ctx), input.storeId)),
  versions: read.input(storeIdInput).query(({ ctx, input }) => listVersions(tenantContext(ctx), input.storeId)),
  compare: read.input(compareSchema).query(({ ctx, input }) => compareVersions(tenantContext(ctx), input)),
  saveDraft: publish.input(saveDraftSchema).mutation(({ ctx, input }) => saveDraft(tenantContext(ctx), input)),
  publish: publish.input(publishSchema).mutation(({ ctx, input }) => publishPolicy(tenantContext(ctx), input)),
  applyTemplate: publish.input(applyTemplateSchema).mutation(({ ctx, input }) => applyTemplate(tenantContext(ctx), input)),
  /** The supplier's terms are store settings: whoever manages stores edits them, here or in store settings. */
  saveSupplierTerms: permissionProcedure("stores:manage")
    .input(saveSupplierTermsSchema)
    .mutation(({ ctx, input }) => saveSupplierTerms(tenantContext(ctx), input)),
});
