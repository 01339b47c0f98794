import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/client";
import { queryRows } from "../db/rows";
import type { ResolvedMembership } from "../tenancy/membership";
import { describeTimeLeft, type TimeLeft } from "./calendar";
import { DEFAULT_SUPPLIER_TERMS, type SupplierTerms } from "@/lib/supplier-terms";

export const DEADLINE_KINDS = ["ship_by", "tracking_due", "supplier_refund", "dispute_respond_by", "chargeback_evidence"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  ship_by: "Cancel window closes (supplier ship-by)",
  tracking_due: "Tracking number due",
  supplier_refund: "Supplier refund due",
  dispute_respond_by: "Supplier dispute response due",
  chargeback_evidence: "Chargeback evidence due",
};

export interface Deadline {
  key: string;
  kind: DeadlineKind;
  dueAt: Date;
  timeLeft: TimeLeft;
  storeId: string;
  storeName: string;
  store: { timezone: string };
  orderId: string;
  orderName: string;
  caseId: string | null;
  disputeId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  amountMinor: number | null;
  currency: string;
  /** Where one click takes the user: the case, or the dispute. */
  link: string;
}

export const inboxSchema = z.object({
  storeId: z.uuid().optional(),
  kind: z.enum(DEADLINE_KINDS).optional(),
  assigneeId: z.union([z.uuid(), z.literal("unassigned")]).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

/**
 * Every open deadline of the organization (or of the member's stores), sorted by urgency: missed
 * ones first, then the soonest. Time left is counted in business days of the country that owns the
 * deadline, in the store's time zone.
 */
export async function listDeadlines(
  db: DbOrTx,
  organizationId: string,
  membership: ResolvedMembership | null,
  input: z.infer<typeof inboxSchema>,
  now = new Date(),
): Promise<Deadline[]> {
  const storeScope = membership?.storeIds ? (membership.storeIds.length ? sql`s.id in ${membership.storeIds}` : sql`false`) : sql`true`;
  const storeFilter = input.storeId ? sql`s.id = ${input.storeId}` : sql`true`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with deadlines as (
          select 'ship_by' as kind, c.ship_by as due_at, c.id as case_id, null::uuid as dispute_id, c.order_id, c.store_id, c.assignee_id, null::bigint as amount_minor, c.currency
          from cancellation_cases c
          where c.organization_id = ${organizationId} and c.state in ('requested', 'supplier_pending') and c.ship_by is not null
          union all
          select 'tracking_due', c.tracking_due_at, c.id, null, c.order_id, c.store_id, c.assignee_id, null, c.currency
          from cancellation_cases c
          where c.organization_id = ${organizationId} and c.state = 'awaiting_tracking' and c.tracking_due_at is not null
          union all
          select 'supplier_refund', e.expected_latest, e.case_id, null, e.order_id, e.store_id, c.assignee_id,
                 e.amount_minor - coalesce((select sum(s.amount_minor) from money_movements s
                   where s.organization_id = e.organization_id and s.settles_id = e.id), 0), e.currency
          from money_movements e
          left join cancellation_cases c on c.organization_id = e.organization_id and c.id = e.case_id
          where e.organization_id = ${organizationId} and e.type = 'supplier_refund_expected'
            and e.amount_minor > coalesce((select sum(s.amount_minor) from money_movements s
                   where s.organization_id = e.organization_id and s.settles_id = e.id), 0)
          union all
          select case when d.kind = 'supplier' then 'dispute_respond_by' else 'chargeback_evidence' end, d.respond_by, d.case_id, d.id,
                 d.order_id, d.store_id, c.assignee_id, d.claimed_minor, d.currency
          from disputes d
          left join cancellation_cases c on c.organization_id = d.organization_id and c.id = d.case_id
          where d.organization_id = ${organizationId} and d.state in ('open', 'awaiting_response', 'escalated') and d.respond_by is not null
        )
        select dl.*, s.name as store_name, s.timezone, s.country as store_country, s.supplier_terms, o.name as order_name, u.name as assignee_name
        from deadlines dl
        join stores s on s.organization_id = ${organizationId} and s.id = dl.store_id
        join orders o on o.organization_id = ${organizationId} and o.id = dl.order_id
        left join users u on u.id = dl.assignee_id
        where ${storeScope} and ${storeFilter}
          ${input.kind ? sql`and dl.kind = ${input.kind}` : sql``}
          ${input.assigneeId === "unassigned" ? sql`and dl.assignee_id is null` : input.assigneeId ? sql`and dl.assignee_id = ${input.assigneeId}` : sql``}
        order by dl.due_at asc
        limit ${input.limit}`,
  );
  return rows.map((r) => {
    const kind = r.kind as DeadlineKind;
    const dueAt = new Date(r.due_at as string);
    const terms = (r.supplier_terms as SupplierTerms | null) ?? DEFAULT_SUPPLIER_TERMS;
    // Supplier deadlines count the supplier's holidays; a chargeback's the store's own.
    const country = kind === "chargeback_evidence" ? String(r.store_country) : terms.supplierCountry;
    const caseId = (r.case_id as string | null) ?? null;
    const disputeId = (r.dispute_id as string | null) ?? null;
    return {
      key: `${kind}:${disputeId ?? caseId ?? r.order_id}:${dueAt.toISOString()}`,
      kind,
      dueAt,
      timeLeft: describeTimeLeft(dueAt, now, { country, timeZone: String(r.timezone) }),
      storeId: String(r.store_id),
      storeName: String(r.store_name),
      store: { timezone: String(r.timezone) },
      orderId: String(r.order_id),
      orderName: String(r.order_name),
      caseId,
      disputeId,
      assigneeId: (r.assignee_id as string | null) ?? null,
      assigneeName: (r.assignee_name as string | null) ?? null,
      amountMinor: r.amount_minor === null || r.amount_minor === undefined ? null : Number(r.amount_minor),
      currency: String(r.currency),
      link: disputeId ? `/disputes/${disputeId}` : caseId ? `/cases/${caseId}` : `/orders/${r.order_id}`,
    };
  });
}
