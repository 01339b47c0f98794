import { z } from "zod";
import { sql } from "drizzle-orm";
import { createTRPCRouter, orgProcedure, permissionProcedure } from "../api/trpc";
import { tenantContext } from "../api/tenant-context";
import { inboxSchema, listDeadlines } from "./inbox";
import { getPreferences, listNotifications, markRead, setEmailDigest } from "../notifications/service";
import { queryRows } from "../db/rows";
import { ledgerFigures } from "../ledger/figures";
import { urgencyOf } from "../jobs/deadlines-scan";

export const deadlineRouter = createTRPCRouter({
  inbox: permissionProcedure("orders:read")
    .input(inboxSchema)
    .query(({ ctx, input }) => listDeadlines(ctx.tx, ctx.organizationId, ctx.membership, input)),
});

export const notificationRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => listNotifications(tenantContext(ctx))),
  markRead: orgProcedure
    .input(z.object({ ids: z.union([z.array(z.uuid()).max(200), z.literal("all")]) }))
    .mutation(({ ctx, input }) => markRead(tenantContext(ctx), input.ids)),
  preferences: orgProcedure.query(({ ctx }) => getPreferences(tenantContext(ctx))),
  setEmailDigest: orgProcedure
    .input(z.object({ emailDigest: z.boolean() }))
    .mutation(({ ctx, input }) => setEmailDigest(tenantContext(ctx), input.emailDigest)),
});

export const dashboardRouter = createTRPCRouter({
  /** What needs action today, this month's money, and open cases by state. */
  summary: permissionProcedure("orders:read").query(async ({ ctx }) => {
    const now = new Date();
    const deadlines = await listDeadlines(ctx.tx, ctx.organizationId, ctx.membership, { limit: 200 }, now);
    const urgent = deadlines.filter((d) => urgencyOf(d) !== null);
    const visible = ctx.membership.storeIds;
    const storeScope = (alias: string) =>
      visible ? (visible.length ? sql`${sql.raw(alias)}.store_id in ${visible}` : sql`false`) : sql`true`;
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const currencies = await queryRows<{ currency: string }>(
      ctx.tx,
      sql`select distinct currency from money_movements m where m.organization_id = ${ctx.organizationId} and m.local_date >= ${monthStart} and ${storeScope("m")}`,
    );
    const month = [];
    for (const { currency } of currencies) {
      month.push({
        currency,
        ...(await ledgerFigures(ctx.tx, ctx.organizationId, sql`m.local_date >= ${monthStart} and m.currency = ${currency} and ${storeScope("m")}`, now)),
      });
    }
    const casesByState = await queryRows<{ state: string; n: number }>(
      ctx.tx,
      sql`select c.state, count(*)::int as n from cancellation_cases c
          where c.organization_id = ${ctx.organizationId} and c.state not in ('closed', 'withdrawn') and ${storeScope("c")}
          group by c.state order by c.state`,
    );
    return {
      needsAction: urgent.slice(0, 12),
      needsActionCount: urgent.length,
      missedCount: urgent.filter((d) => d.timeLeft.overdue).length,
      month: { from: monthStart, byCurrency: month },
      openCases: casesByState.map((r) => ({ state: r.state, count: Number(r.n) })),
    };
  }),
});
