import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "../auth/router";
import { auditRouter } from "../audit/router";
import { orderRouter } from "../orders/router";
import { importRouter } from "../imports/router";
import { caseRouter } from "../cases/router";
import { disputeRouter } from "../disputes/router";
import { ledgerRouter } from "../ledger/router";
import { policyRouter } from "../policies/router";
import { reportRouter } from "../reports/router";
import { dashboardRouter, deadlineRouter, notificationRouter } from "../deadlines/router";
import { invitationRouter, memberRouter, organizationRouter, storeRouter } from "../tenancy/router";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  organization: organizationRouter,
  store: storeRouter,
  member: memberRouter,
  invitation: invitationRouter,
  audit: auditRouter,
  order: orderRouter,
  import: importRouter,
  case: caseRouter,
  dispute: disputeRouter,
  ledger: ledgerRouter,
  deadline: deadlineRouter,
  notification: notificationRouter,
  dashboard: dashboardRouter,
  policy: policyRouter,
  report: reportRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
