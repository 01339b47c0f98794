/**
 * The registry of audit actions: every event the app can write, the entity it is about, and the
 * sentence the audit log shows for it. Adding an action here is what makes it writable.
 */
export const AUDIT_ACTIONS = {
  "organization.created": { entity: "organization", sentence: "created the organization {name}" },
  "organization.updated": { entity: "organization", sentence: "updated the organization's settings" },
  "organization.ownership_transferred": { entity: "organization", sentence: "transferred ownership to {toEmail}" },
  "store.created": { entity: "store", sentence: "added the store {name}" },
  "store.updated": { entity: "store", sentence: "updated the store {name}" },
  "store.archived": { entity: "store", sentence: "archived the store {name}" },
  "store.restored": { entity: "store", sentence: "restored the store {name}" },
  "store.webhook_secret_rotated": { entity: "store", sentence: "rotated the webhook secret of {name}" },
  "invitation.created": { entity: "invitation", sentence: "invited {email} as {role}" },
  "invitation.revoked": { entity: "invitation", sentence: "revoked the invitation for {email}" },
  "invitation.accepted": { entity: "invitation", sentence: "accepted the invitation and joined as {role}" },
  "member.role_changed": { entity: "membership", sentence: "changed {email}'s role to {role}" },
  "member.stores_granted": { entity: "membership", sentence: "changed which stores {email} can see" },
  "member.removed": { entity: "membership", sentence: "removed {email} from the organization" },
  "order.created": { entity: "order", sentence: "recorded order {name}" },
  "order.updated": { entity: "order", sentence: "updated order {name}" },
  "order.cancelled": { entity: "order", sentence: "cancelled order {name} in the store" },
  "order.refunded": { entity: "order", sentence: "recorded a store refund on order {name}" },
  "supplier_order.created": { entity: "supplier_order", sentence: "linked supplier order {supplierOrderNumber} to {orderName}" },
  "supplier_order.updated": { entity: "supplier_order", sentence: "updated supplier order {supplierOrderNumber}" },
  "import.completed": { entity: "import", sentence: "imported {fileName}: {created} created, {updated} updated, {skipped} skipped" },
  "import.discarded": { entity: "import", sentence: "discarded the import of {fileName}" },
  "webhook.received": { entity: "webhook_delivery", sentence: "received a {topic} webhook" },
  "store.supplier_terms_updated": { entity: "store", sentence: "updated the supplier terms of {name}" },
  "case.opened": { entity: "case", sentence: "opened a cancellation case on {orderName} ({reason})" },
  "case.too_late": { entity: "case", sentence: "opened a case on {orderName}: too late, {tooLateReason}" },
  "case.requestAtSupplier": { entity: "case", sentence: "recorded the cancellation request at the supplier for {orderName}" },
  "case.supplierAccepted": { entity: "case", sentence: "recorded that the supplier accepted cancelling {orderName}" },
  "case.supplierRefusedShipped": { entity: "case", sentence: "recorded that the supplier refused {orderName}: it says it shipped" },
  "case.supplierRefusedNotShipped": { entity: "case", sentence: "recorded that the supplier refused {orderName} without shipping" },
  "case.trackingProvided": { entity: "case", sentence: "recorded tracking {trackingNumber} for {orderName}" },
  "case.openDispute": { entity: "case", sentence: "opened a supplier dispute on {orderName}" },
  "case.cancelStoreOrder": { entity: "case", sentence: "cancelled store order {orderName} and refunded {amount}" },
  "case.refundItems": { entity: "case", sentence: "refunded {amount} of items on {orderName}" },
  "case.recordSupplierRefund": { entity: "case", sentence: "recorded {amount} received from the supplier for {orderName}" },
  "case.writeOffSupplierRefund": { entity: "case", sentence: "wrote off {amount} the supplier will not refund for {orderName}" },
  "case.close": { entity: "case", sentence: "closed the case on {orderName}: {outcomeLabel}" },
  "case.withdraw": { entity: "case", sentence: "withdrew the case on {orderName}" },
  "case.assigned": { entity: "case", sentence: "assigned the case on {orderName} to {assigneeName}" },
  "dispute.awaitResponse": { entity: "dispute", sentence: "marked the dispute on {orderName} as awaiting the supplier's response" },
  "dispute.escalate": { entity: "dispute", sentence: "escalated the dispute on {orderName}" },
  "dispute.resolveWon": { entity: "dispute", sentence: "recorded the dispute on {orderName} as won ({amount} awarded)" },
  "dispute.resolvePartial": { entity: "dispute", sentence: "recorded the dispute on {orderName} as partly won ({amount} awarded)" },
  "dispute.resolveLost": { entity: "dispute", sentence: "recorded the dispute on {orderName} as lost" },
  "dispute.withdraw": { entity: "dispute", sentence: "withdrew the dispute on {orderName}" },
  "dispute.evidence_added": { entity: "dispute", sentence: "added evidence to the dispute on {orderName}" },
  "ledger.correction": { entity: "money_movement", sentence: "recorded a correction of {amount} on {orderName}" },
  "deadline.supplier_refund_overdue": { entity: "case", sentence: "marked the supplier refund of {amount} for {orderName} as overdue" },
  "chargeback.created": { entity: "dispute", sentence: "recorded a chargeback of {amount} on {orderName}" },
  "chargeback.updated": { entity: "dispute", sentence: "updated the chargeback on {orderName} to {status}" },
  "chargeback.lost": { entity: "dispute", sentence: "recorded the chargeback on {orderName} as lost: {amount} refunded to the customer" },
  "policy.draft_saved": { entity: "policy", sentence: "saved a draft of the refund policy of {storeName}" },
  "policy.published": { entity: "policy", sentence: "published version {number} of the refund policy of {storeName}" },
  "exchange_rate.added": { entity: "exchange_rate", sentence: "added an exchange rate: 1 {currency} = {rate} {quoteCurrency} from {validFrom}" },
  "exchange_rate.removed": { entity: "exchange_rate", sentence: "removed the exchange rate of {currency} from {validFrom}" },
  "policy.template_applied": { entity: "policy", sentence: "applied a policy template to {storeName}: {outcome}" },
} as const satisfies Record<string, { entity: string; sentence: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditEntityType = (typeof AUDIT_ACTIONS)[AuditAction]["entity"];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** Fills `{placeholders}` from the event's after/before data; unknown ones read as "—". */
export function describeAuditEvent(action: string, data: Record<string, unknown>): string {
  const template = isAuditAction(action) ? AUDIT_ACTIONS[action].sentence : action;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = data[key];
    return value === undefined || value === null ? "—" : String(value);
  });
}
