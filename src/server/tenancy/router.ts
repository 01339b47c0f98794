import { z } from "zod";
import { createTRPCRouter, orgProcedure, permissionProcedure, protectedProcedure, publicProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { PERMISSIONS, can, type Permission } from "@/lib/roles";
import { sendMail } from "../mail/send";
import { listUserOrganizations } from "./membership";
import {
  createOrganization,
  createOrganizationSchema,
  transferOwnership,
  updateOrganization,
  updateOrganizationSchema,
} from "./organizations";
import {
  createStore,
  createStoreSchema,
  getStore,
  listStores,
  revealWebhookSecret,
  rotateWebhookSecret,
  setStoreArchived,
  updateStore,
  updateStoreSchema,
} from "./stores";
import { changeMemberRole, changeRoleSchema, listMembers, removeMember } from "./members";
import {
  acceptInvitation,
  createInvitation,
  createInvitationSchema,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations";

const storeIdInput = z.object({ storeId: z.uuid() });
const tokenInput = z.object({ token: z.string().min(1).max(200) });

export const organizationRouter = createTRPCRouter({
  /** The organizations the signed-in user belongs to (for the switcher). */
  mine: protectedProcedure.query(({ ctx }) => listUserOrganizations(ctx.db, ctx.user.id)),

  /** The organization the caller is acting in, their role and what it allows. */
  current: orgProcedure.query(({ ctx }) => {
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(ctx.membership.role, p));
    return {
      id: ctx.membership.organizationId,
      slug: ctx.membership.organizationSlug,
      name: ctx.membership.organizationName,
      kind: ctx.membership.organizationKind,
      reportingCurrency: ctx.membership.reportingCurrency,
      role: ctx.membership.role,
      storeIds: ctx.membership.storeIds,
      permissions,
    };
  }),

  create: protectedProcedure.input(createOrganizationSchema).mutation(({ ctx, input }) =>
    createOrganization(ctx.db, input, {
      userId: ctx.user.id,
      actor: { type: "user", id: ctx.user.id, label: ctx.user.name || ctx.user.email },
      requestId: ctx.requestId,
    }),
  ),

  update: permissionProcedure("members:manage")
    .input(updateOrganizationSchema)
    .mutation(({ ctx, input }) => updateOrganization(tenantContext(ctx), input)),

  transferOwnership: permissionProcedure("organization:transfer")
    .input(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) => transferOwnership(tenantContext(ctx), input.userId)),
});

export const storeRouter = createTRPCRouter({
  list: permissionProcedure("orders:read")
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
    .query(({ ctx, input }) => listStores(tenantContext(ctx), input.includeArchived)),
  get: permissionProcedure("orders:read").input(storeIdInput).query(({ ctx, input }) => getStore(tenantContext(ctx), input.storeId)),
  create: permissionProcedure("stores:manage")
    .input(createStoreSchema)
    .mutation(({ ctx, input }) => createStore(tenantContext(ctx), input)),
  update: permissionProcedure("stores:manage")
    .input(updateStoreSchema)
    .mutation(({ ctx, input }) => updateStore(tenantContext(ctx), input)),
  archive: permissionProcedure("stores:manage")
    .input(storeIdInput)
    .mutation(({ ctx, input }) => setStoreArchived(tenantContext(ctx), input.storeId, true)),
  restore: permissionProcedure("stores:manage")
    .input(storeIdInput)
    .mutation(({ ctx, input }) => setStoreArchived(tenantContext(ctx), input.storeId, false)),
  webhookSecret: permissionProcedure("secrets:manage")
    .input(storeIdInput)
    .query(({ ctx, input }) => revealWebhookSecret(tenantContext(ctx), input.storeId)),
  rotateWebhookSecret: permissionProcedure("secrets:manage")
    .input(storeIdInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(tenantContext(ctx), input.storeId)),
});

export const memberRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => listMembers(tenantContext(ctx))),
  changeRole: permissionProcedure("members:manage")
    .input(changeRoleSchema)
    .mutation(({ ctx, input }) => changeMemberRole(tenantContext(ctx), input)),
  remove: permissionProcedure("members:manage")
    .input(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) => removeMember(tenantContext(ctx), input.userId)),
});

export const invitationRouter = createTRPCRouter({
  list: permissionProcedure("members:manage").query(({ ctx }) => listInvitations(tenantContext(ctx))),
  create: permissionProcedure("members:manage")
    .input(createInvitationSchema)
    .mutation(async ({ ctx, input }) => {
      const invitation = await createInvitation(tenantContext(ctx), input);
      const origin = process.env.APP_URL ?? ctx.headers.get("origin") ?? "http://localhost:3000";
      const link = `${origin}/invite/${invitation.token}`;
      const mail = await sendMail({
        to: invitation.email,
        subject: `You're invited to ${ctx.membership.organizationName} on Recoup`,
        text: `${ctx.user.name} invited you to join ${ctx.membership.organizationName} on Recoup as ${invitation.role}.\n\nAccept: ${link}\n\nThe link expires on ${invitation.expiresAt.toUTCString()}.`,
      });
      return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, link, emailed: mail.sent };
    }),
  revoke: permissionProcedure("members:manage")
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeInvitation(tenantContext(ctx), input.invitationId)),
  /** Public: what the invitation page shows to a guest holding the link. */
  preview: publicProcedure.input(tokenInput).query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),
  accept: protectedProcedure.input(tokenInput).mutation(({ ctx, input }) =>
    acceptInvitation(
      ctx.db,
      input.token,
      ctx.user,
      { type: "user", id: ctx.user.id, label: ctx.user.name || ctx.user.email },
      ctx.requestId,
    ),
  ),
});
