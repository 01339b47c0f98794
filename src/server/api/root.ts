import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "../auth/router";
import { auditRouter } from "../audit/router";
import { orderRouter } from "../orders/router";
import { invitationRouter, memberRouter, organizationRouter, storeRouter } from "../tenancy/router";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  organization: organizationRouter,
  store: storeRouter,
  member: memberRouter,
  invitation: invitationRouter,
  audit: auditRouter,
  order: orderRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
