/** Deadline kinds as the inbox shows them (mirrors src/server/deadlines/inbox.ts). */
export const DEADLINE_KINDS = ["ship_by", "tracking_due", "supplier_refund", "dispute_respond_by", "chargeback_evidence"] as const;
export type DeadlineKindName = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_KIND_LABELS: Record<DeadlineKindName, string> = {
  ship_by: "Cancel window closes",
  tracking_due: "Tracking number due",
  supplier_refund: "Supplier refund due",
  dispute_respond_by: "Dispute response due",
  chargeback_evidence: "Chargeback evidence due",
};
