import { eq } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { organizations, stores } from "@/server/db/schema";
import { withTenant } from "@/server/db/tenant";
import { lossReport, type LossReport } from "@/server/reports/loss";
import type { ResolvedMembership } from "@/server/tenancy/membership";
import { lossReportInputSchema } from "@/lib/reports/input";
import { reportCsv } from "@/lib/reports/export";

export interface ReportLossArgs {
  org: string;
  from: string;
  to: string;
  /** Store ids, each possibly a comma-separated list; none means every store of the organization. */
  stores: string[];
  format: string;
}

/**
 * `report:loss`: the same report the app shows an owner (every store, or the chosen ones), as JSON
 * (`{ organization, ...report }`, store names included) or as the page's CSV tables.
 */
export async function reportLoss(db: Db, args: ReportLossArgs): Promise<{ json: { organization: string } & LossReport } | { csv: string }> {
  if (args.format !== "json" && args.format !== "csv") throw new Error(`--format must be json or csv, not "${args.format}".`);
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, args.org));
  if (!org) throw new Error(`No organization with the address "${args.org}".`);
  const storeIds = [...new Set(args.stores.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))];
  const input = lossReportInputSchema.parse({ from: args.from, to: args.to, storeIds: storeIds.length ? storeIds : undefined });
  if (storeIds.length) {
    const known = new Set(
      (await db.select({ id: stores.id }).from(stores).where(eq(stores.organizationId, org.id))).map((s) => s.id),
    );
    const unknown = storeIds.find((id) => !known.has(id));
    if (unknown) throw new Error(`No store with the id ${unknown} in ${org.slug}. Find ids under Settings → Stores.`);
  }
  const membership: ResolvedMembership = {
    organizationId: org.id,
    organizationSlug: org.slug,
    organizationName: org.name,
    organizationKind: org.kind,
    reportingCurrency: org.reportingCurrency,
    role: "owner",
    storeIds: null,
  };
  const report = await withTenant(db, org.id, (tx) => lossReport(tx, org.id, membership, input));
  return args.format === "csv" ? { csv: reportCsv(report) } : { json: { organization: org.slug, ...report } };
}
