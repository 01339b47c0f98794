/**
 * The security matrix, generated from the router: every procedure of `appRouter` must have a case
 * below saying how it is called against another tenant, and which permission guards it. A new
 * procedure without a case fails the suite until someone decides what "cross-tenant" means for it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { appRouter } from "./root";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { withTenant } from "../db/tenant";
import { resolveMembership } from "../tenancy/membership";
import { createImportJob, importFile } from "../imports/jobs";
import type { TenantContext } from "../tenancy/context";
import { openCase, openSupplierDispute, requestAtSupplier, supplierRefused } from "../cases/service";
import { upsertChargeback } from "../disputes/chargebacks";
import { notify } from "../notifications/service";
import { createTestDatabase } from "@/test/db";
import { makeTenant, makeUser, type TenantFixture } from "@/test/fixtures";
import { callerFor, type TestUser } from "@/test/caller";
import { can, ROLES, type Permission } from "@/lib/roles";
import { DEFAULT_SUPPLIER_TERMS } from "@/lib/supplier-terms";
import { templateOf } from "@/lib/policy/settings";
import { settingsWith } from "@/test/policy";
import { unpackLossReport } from "@/lib/reports/wire";

/** Who may reach the procedure at all: anyone, any signed-in user, or a member of an organization. */
type Access = "public" | "signed-in" | "member";

interface World {
  a: TenantFixture;
  b: TenantFixture;
  /** A pending invitation of organization A. */
  aInvitationId: string;
  /** An order of A (in its granted store) and an import job of A, waiting to be started. */
  aOrderId: string;
  aImportJobId: string;
  /** A's case on that order (driven to `disputed`), its supplier dispute, and a chargeback on another order. */
  aCaseId: string;
  aCaseVersion: number;
  aDisputeId: string;
  aChargebackId: string;
  /** A line item of A's order, and the notifications the chargeback sent A's case workers. */
  aLineItemId: string;
  aNotificationIds: string[];
  aSupplierOrderId: string;
  /** A case of B's own: B naming one of A's members as its assignee must not find them. */
  bCaseId: string;
  /** An order of B's without a case. */
  bFreeOrderId: string;
  /** An exchange rate of A's. */
  aRateId: string;
}

type CrossTenant =
  /** The call names something of A's: it must answer exactly as for something that does not exist. */
  | { expect: "NOT_FOUND"; inputs: (w: World) => unknown[] }
  /** The call names nothing of A's (or only as a filter): it must succeed with nothing of A's in it. */
  | { expect: "NO_LEAK"; inputs: (w: World) => unknown[] };

interface SecurityCase {
  access: Access;
  /** The permission (SPEC §8) a member needs; absent means any member of the organization. */
  permission?: Permission;
  /** A valid input aimed at organization A, used by A's own members (role denials). */
  input: (w: World) => unknown;
  crossTenant: CrossTenant;
  /** Why a procedure outside the organization ladder is open to whoever may call it. */
  note?: string;
  /**
   * A member mutation that no role is refused, because it can only touch the caller's own rows (their
   * notifications, their settings): why. Each one is checked by OWN_ROWS_CHECKS below instead.
   */
  ownRowsOnly?: string;
}

let unique = 0;
const next = () => `${++unique}-${randomUUID().slice(0, 6)}`;
const freshEmail = () => `someone-${next()}@example.test`;
const freshSlug = () => `bravo-extra-${next()}`;
const storeBody = (slug: string) => ({ name: "Another store", slug, currency: "USD", country: "US", timezone: "America/New_York" });
const aStoreIds = (w: World) => [w.a.grantedStoreId, w.a.otherStoreId];
const aMemberIds = (w: World) => Object.values(w.a.members).map((u) => u.id);
const supplierOrderBody = (orderId: string) => ({
  orderId,
  supplier: "AliExpress",
  supplierOrderNumber: `SO-${next()}`,
  status: "awaiting_shipment",
  costMinor: 1234,
  currency: "USD",
  paidAt: null,
  shippedAt: null,
  carrier: null,
  trackingNumber: null,
});
const ordersCsv = () => readFileSync(path.join(import.meta.dirname, "../imports/fixtures/shopify-orders-export.csv"), "utf8");
const supplierCsv = () => readFileSync(path.join(import.meta.dirname, "../imports/fixtures/supplier-orders.csv"), "utf8");
const caseRef = (w: World) => ({ caseId: w.aCaseId, version: w.aCaseVersion });
const freshKey = () => `security-${next()}`;
const chargebackBody = (orderId: string) => ({
  orderId,
  reason: "fraudulent",
  status: "needs_response",
  amountMinor: 500,
  evidenceDueBy: null,
});

const january = { from: "2026-01-01", to: "2026-01-31" };

const CASES: Record<string, SecurityCase> = {
  "auth.signUp": {
    access: "public",
    note: "Sign-up is public and belongs to no organization; the caller gets back only the account it created.",
    input: () => ({ name: "New person", email: freshEmail(), password: "a long unusual passphrase 42" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: "New person", email: freshEmail(), password: "a long unusual passphrase 42" }] },
  },
  "organization.mine": {
    access: "signed-in",
    note: "Organization-less by design (it feeds the switcher): it lists the caller's own memberships only.",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "organization.current": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "organization.create": {
    access: "signed-in",
    note: "Any signed-in user may start an organization of their own; it grants nothing in any other one.",
    input: () => ({ name: `Side project ${next()}`, kind: "merchant" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: `Side project ${next()}`, kind: "merchant" }] },
  },
  "organization.update": {
    access: "member",
    permission: "members:manage",
    input: () => ({ name: "Alpha", reportingCurrency: "USD" }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ name: "Bravo", reportingCurrency: "EUR" }] },
  },
  "organization.transferOwnership": {
    access: "member",
    permission: "organization:transfer",
    input: (w) => ({ userId: w.a.members.agent.id }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aMemberIds(w).map((userId) => ({ userId })) },
  },
  "store.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({ includeArchived: true }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined, { includeArchived: true }] },
  },
  "store.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.create": {
    access: "member",
    permission: "stores:manage",
    input: () => storeBody(`alpha-extra-${next()}`),
    crossTenant: { expect: "NO_LEAK", inputs: () => [storeBody(freshSlug())] },
  },
  "store.update": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId, ...storeBody("alpha-us") }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, ...storeBody(freshSlug()) })) },
  },
  "store.archive": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.otherStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.restore": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.otherStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.webhookSecret": {
    access: "member",
    permission: "secrets:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "store.rotateWebhookSecret": {
    access: "member",
    permission: "secrets:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "member.list": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "member.changeRole": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ userId: w.a.members.agent.id, role: "viewer" }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        ...aMemberIds(w).map((userId) => ({ userId, role: "viewer" })),
        // B's own member, but granted one of A's stores.
        { userId: w.b.members.agent.id, role: "client", storeIds: [w.a.grantedStoreId] },
      ],
    },
  },
  "member.remove": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ userId: w.a.members.agent.id }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aMemberIds(w).map((userId) => ({ userId })) },
  },
  "invitation.list": {
    access: "member",
    permission: "members:manage",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "invitation.create": {
    access: "member",
    permission: "members:manage",
    input: () => ({ email: freshEmail(), role: "agent" }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { email: freshEmail(), role: "client", storeIds: [w.a.grantedStoreId] },
        { email: freshEmail(), role: "client", storeIds: [w.b.grantedStoreId, w.a.otherStoreId] },
      ],
    },
  },
  "invitation.revoke": {
    access: "member",
    permission: "members:manage",
    input: (w) => ({ invitationId: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ invitationId: w.aInvitationId }] },
  },
  "invitation.preview": {
    access: "public",
    note: "Public: the secret token in the link is the only key to an invitation; its id opens nothing.",
    input: (w) => ({ token: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ token: w.aInvitationId }, { token: "x".repeat(43) }] },
  },
  "invitation.accept": {
    access: "signed-in",
    note: "Any signed-in user may accept an invitation addressed to them; only the link's token names one.",
    input: (w) => ({ token: w.aInvitationId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ token: w.aInvitationId }] },
  },
  "audit.list": {
    access: "member",
    permission: "audit:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { entityId: w.a.organizationId }, { actor: w.a.owner.id }],
    },
  },
  "audit.actions": {
    access: "member",
    permission: "audit:read",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "audit.verify": {
    access: "member",
    permission: "members:manage",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "order.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { orderIds: [w.aOrderId] }, { q: "#1001" }],
    },
  },
  "order.count": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: { expect: "NO_LEAK", inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { orderIds: [w.aOrderId] }] },
  },
  "order.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ orderId: w.aOrderId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ orderId: w.aOrderId }] },
  },
  "order.saveSupplierOrder": {
    access: "member",
    permission: "cases:work",
    input: (w) => supplierOrderBody(w.aOrderId),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [supplierOrderBody(w.aOrderId)] },
  },
  "import.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ jobId: w.aImportJobId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId }] },
  },
  "import.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: { expect: "NO_LEAK", inputs: (w) => [{}, { storeId: w.a.grantedStoreId }] },
  },
  "import.start": {
    access: "member",
    permission: "imports:run",
    input: (w) => ({ jobId: w.aImportJobId, skipBadRows: false }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId, skipBadRows: true }] },
  },
  "import.discard": {
    access: "member",
    permission: "imports:run",
    input: (w) => ({ jobId: w.aImportJobId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ jobId: w.aImportJobId }] },
  },
  "case.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { orderId: w.aOrderId }, { assigneeId: w.a.members.agent.id }, { q: "#1001" }],
    },
  },
  "case.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ caseId: w.aCaseId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ caseId: w.aCaseId }] },
  },
  "case.open": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ orderId: w.aOrderId, reason: "changed_mind" }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { orderId: w.aOrderId, reason: "changed_mind" },
        // B's own order, pointed at A's supplier order.
        { orderId: w.bFreeOrderId, reason: "other", supplierOrderId: w.aSupplierOrderId },
      ],
    },
  },
  "case.requestAtSupplier": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), contactedSupplierDirectly: true }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), contactedSupplierDirectly: true }] },
  },
  "case.supplierAccepted": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), idempotencyKey: freshKey() }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [{ ...caseRef(w), idempotencyKey: freshKey() }, { ...caseRef(w), expectedRefundMinor: 100, idempotencyKey: freshKey() }],
    },
  },
  "case.supplierRefused": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), claimsShipped: true }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), claimsShipped: true }, { ...caseRef(w), claimsShipped: false }] },
  },
  "case.trackingProvided": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), carrier: "Cainiao", trackingNumber: "LP000111222333" }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), carrier: "Cainiao", trackingNumber: "LP000111222333" }] },
  },
  "case.openDispute": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), reason: "The supplier never shipped." }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), reason: "The supplier never shipped.", claimedMinor: 100 }] },
  },
  "case.cancelStoreOrder": {
    access: "member",
    permission: "refunds:record",
    input: (w) => ({ ...caseRef(w), amountMinor: 100, cancelReason: "customer", idempotencyKey: freshKey() }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [{ ...caseRef(w), amountMinor: 100, cancelReason: "customer", idempotencyKey: freshKey() }],
    },
  },
  "case.refundItems": {
    access: "member",
    permission: "refunds:record",
    input: (w) => ({ ...caseRef(w), lines: [{ lineItemId: w.aLineItemId, quantity: 1 }], idempotencyKey: freshKey() }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { ...caseRef(w), lines: [{ lineItemId: w.aLineItemId, quantity: 1 }], idempotencyKey: freshKey() },
        { ...caseRef(w), lines: [], includeShipping: true, idempotencyKey: freshKey() },
      ],
    },
  },
  "case.recordSupplierRefund": {
    access: "member",
    permission: "refunds:record",
    input: (w) => ({ ...caseRef(w), amountMinor: 100, idempotencyKey: freshKey() }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), amountMinor: 100, idempotencyKey: freshKey() }] },
  },
  "case.writeOffSupplierRefund": {
    access: "member",
    permission: "refunds:record",
    input: (w) => ({ ...caseRef(w), idempotencyKey: freshKey() }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ ...caseRef(w), note: "Gone", idempotencyKey: freshKey() }] },
  },
  "case.close": {
    access: "member",
    permission: "cases:work",
    input: (w) => caseRef(w),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [caseRef(w)] },
  },
  "case.withdraw": {
    access: "member",
    permission: "cases:work",
    input: (w) => caseRef(w),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [caseRef(w)] },
  },
  "case.assign": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ ...caseRef(w), assigneeId: w.a.members.agent.id }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { ...caseRef(w), assigneeId: null },
        { ...caseRef(w), assigneeId: w.b.members.agent.id },
        // B's own case, handed to one of A's members.
        ...[w.a.members.agent.id, w.a.owner.id].map((assigneeId) => ({ caseId: w.bCaseId, version: 1, assigneeId })),
      ],
    },
  },
  "dispute.list": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { kind: "chargeback" }, { kind: "supplier", state: ["open"] }],
    },
  },
  "dispute.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ disputeId: w.aDisputeId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ disputeId: w.aDisputeId }, { disputeId: w.aChargebackId }] },
  },
  "dispute.transition": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ disputeId: w.aDisputeId, version: 1, action: "escalate", idempotencyKey: freshKey() }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { disputeId: w.aDisputeId, version: 1, action: "escalate", idempotencyKey: freshKey() },
        { disputeId: w.aDisputeId, version: 1, action: "resolveWon", awardedMinor: 100, idempotencyKey: freshKey() },
        { disputeId: w.aChargebackId, version: 1, action: "resolveLost", idempotencyKey: freshKey() },
      ],
    },
  },
  "dispute.addEvidence": {
    access: "member",
    permission: "cases:work",
    input: (w) => ({ disputeId: w.aDisputeId, kind: "note", body: "The tracking page shows nothing." }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { disputeId: w.aDisputeId, kind: "note", body: "The tracking page shows nothing." },
        { disputeId: w.aChargebackId, kind: "link", body: "Proof of delivery", url: "https://example.test/pod" },
      ],
    },
  },
  "dispute.createChargeback": {
    access: "member",
    permission: "cases:work",
    input: (w) => chargebackBody(w.aOrderId),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [chargebackBody(w.aOrderId), { ...chargebackBody(w.aOrderId), status: "lost" }] },
  },
  "ledger.order": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ orderId: w.aOrderId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ orderId: w.aOrderId }] },
  },
  "ledger.store": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    // Without a store it answers B's own figures: checked by "figures count only the caller's organization".
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "deadline.inbox": {
    access: "member",
    permission: "orders:read",
    input: () => ({}),
    crossTenant: {
      expect: "NO_LEAK",
      inputs: (w) => [{}, { storeId: w.a.grantedStoreId }, { assigneeId: w.a.members.agent.id }, { kind: "chargeback_evidence" }, { assigneeId: "unassigned" }],
    },
  },
  "notification.list": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "notification.markRead": {
    access: "member",
    ownRowsOnly: "Marks the caller's own notifications read; rows of other members, or of another organization, are never touched.",
    input: (w) => ({ ids: w.aNotificationIds }),
    crossTenant: { expect: "NO_LEAK", inputs: (w) => [{ ids: w.aNotificationIds }, { ids: "all" }] },
  },
  "notification.preferences": {
    access: "member",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "notification.setEmailDigest": {
    access: "member",
    ownRowsOnly: "Sets the caller's own e-mail digest preference in the organization; nobody else's.",
    input: () => ({ emailDigest: false }),
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ emailDigest: false }, { emailDigest: true }] },
  },
  "dashboard.summary": {
    access: "member",
    permission: "orders:read",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "policy.list": {
    access: "member",
    permission: "orders:read",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "policy.get": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "policy.versions": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId })) },
  },
  "policy.compare": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ storeId: w.a.grantedStoreId, number: 1 }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, number: 1 })) },
  },
  "policy.saveDraft": {
    access: "member",
    permission: "policies:publish",
    input: (w) => ({ storeId: w.a.grantedStoreId, version: 0, settings: settingsWith() }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, version: 0, settings: settingsWith() })) },
  },
  "policy.publish": {
    access: "member",
    permission: "policies:publish",
    input: (w) => ({ storeId: w.a.grantedStoreId, version: 0, settings: settingsWith() }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, version: 0, settings: settingsWith() })) },
  },
  "policy.applyTemplate": {
    access: "member",
    permission: "policies:publish",
    input: (w) => ({ template: templateOf(settingsWith()), publish: true, stores: [{ storeId: w.a.grantedStoreId, version: 0 }] }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        { template: templateOf(settingsWith()), publish: true, stores: [{ storeId: w.a.grantedStoreId, version: 0 }] },
        { template: templateOf(settingsWith()), publish: false, stores: aStoreIds(w).map((storeId) => ({ storeId, version: 1 })) },
      ],
    },
  },
  "policy.saveSupplierTerms": {
    access: "member",
    permission: "stores:manage",
    input: (w) => ({ storeId: w.a.grantedStoreId, previous: DEFAULT_SUPPLIER_TERMS, terms: { ...DEFAULT_SUPPLIER_TERMS, refundMaxBusinessDays: 20 } }),
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => aStoreIds(w).map((storeId) => ({ storeId, previous: DEFAULT_SUPPLIER_TERMS, terms: { ...DEFAULT_SUPPLIER_TERMS, refundMaxBusinessDays: 20 } })),
    },
  },
  "report.loss": {
    access: "member",
    permission: "orders:read",
    input: (w) => ({ ...january, storeIds: [w.a.grantedStoreId] }),
    // Without stores it answers B's own figures: checked by "figures count only the caller's organization".
    crossTenant: {
      expect: "NOT_FOUND",
      inputs: (w) => [
        ...aStoreIds(w).map((storeId) => ({ ...january, storeIds: [storeId] })),
        // B's own store alongside one of A's.
        { ...january, storeIds: [w.b.grantedStoreId, w.a.otherStoreId] },
      ],
    },
  },
  "report.rates": {
    access: "member",
    permission: "orders:read",
    input: () => undefined,
    crossTenant: { expect: "NO_LEAK", inputs: () => [undefined] },
  },
  "report.addRate": {
    access: "member",
    permission: "rates:manage",
    input: () => ({ currency: "EUR", rate: "1.08", validFrom: "2026-01-01" }),
    // It names nothing of A's: the rate is B's own, for B's reporting currency.
    crossTenant: { expect: "NO_LEAK", inputs: () => [{ currency: "JPY", rate: "0.0067", validFrom: "2026-01-01" }, { currency: "KRW", rate: "0.00074", validFrom: "2026-01-01", validTo: "2026-12-31" }] },
  },
  "report.removeRate": {
    access: "member",
    permission: "rates:manage",
    input: (w) => ({ rateId: w.aRateId }),
    crossTenant: { expect: "NOT_FOUND", inputs: (w) => [{ rateId: w.aRateId }] },
  },
};

// The router, flattened by tRPC into `path → procedure`.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const PATHS = Object.keys(procedures).sort();
const MUTATIONS = PATHS.filter((p) => procedures[p]!._def.type === "mutation");
const caseOf = (path: string): SecurityCase => {
  const c = CASES[path];
  if (!c) throw new Error(`${path} has no entry in CASES: say how it is called cross-tenant and what guards it.`);
  return c;
};

type Caller = ReturnType<typeof callerFor>;
function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let node: unknown = caller;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  return (node as (input: unknown) => Promise<unknown>)(input);
}

let database: Database;
let db: Db;
let w: World;
/** Strings that only A's data contains: ids, emails, names and slugs (quoted, as they appear in JSON). */
let aMarkers: string[];
let aSnapshot: string;

function leaksOfA(result: unknown): string[] {
  const json = JSON.stringify(result) ?? "";
  return aMarkers.filter((m) => json.includes(m));
}

/** The `id` of every row an organization holds, in every tenant table that has one. */
async function idsOf(organizationId: string): Promise<string[]> {
  const tables = await queryRows<{ table: string }>(
    db,
    sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped)
        order by 1`,
  );
  const ids: string[] = [];
  for (const { table } of tables) {
    const rows = await queryRows<{ id: string }>(db, sql`select id::text as id from ${sql.identifier(table)} where organization_id = ${organizationId}`);
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Every row organization A holds, in every tenant table, as the privileged connection reads it. */
async function snapshotOf(organizationId: string): Promise<string> {
  const tables = await queryRows<{ table: string }>(
    db,
    sql`select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute at on at.attrelid = c.oid and at.attname = 'organization_id' and not at.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["stores", "memberships", "audit_events"]));
  const parts: Record<string, string[]> = {
    organizations: (await queryRows(db, sql`select to_jsonb(o) as row from organizations o where id = ${organizationId}`)).map((r) =>
      JSON.stringify(r.row),
    ),
  };
  for (const { table } of tables) {
    const rows = await queryRows(db, sql`select to_jsonb(x) as row from ${sql.identifier(table)} x where organization_id = ${organizationId}`);
    parts[table] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return JSON.stringify(parts);
}

/** What the tRPC layer would hand a service for `user` in `organizationId`, in its own tenant transaction. */
async function asService<T>(user: TestUser, organizationId: string, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const membership = await resolveMembership(db, user.id, organizationId);
  if (!membership) throw new Error("not a member");
  return withTenant(db, organizationId, (tx) =>
    fn({ tx, organizationId, membership, actor: { type: "user", id: user.id, label: user.name }, requestId: randomUUID(), userId: user.id }),
  );
}

/** Imports both fixture files into a store and returns its order ids by name. */
async function importInto(organizationId: string, storeId: string): Promise<Map<string, string>> {
  const scope = { organizationId, storeId };
  for (const [kind, content] of [["shopify_orders", ordersCsv()], ["supplier_orders", supplierCsv()]] as const) {
    const result = await importFile(db, scope, kind, `${kind}.csv`, content, { skipBadRows: false, actor: { type: "system" } });
    expect(result.errors).toEqual([]);
  }
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from orders where organization_id = ${organizationId} and store_id = ${storeId}`,
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Opens a case on an order and drives it to `disputed` through the services: the case and its supplier dispute. */
async function caseWithSupplierDispute(user: TestUser, organizationId: string, orderId: string) {
  return asService(user, organizationId, async (ctx) => {
    let kase = await openCase(ctx, { orderId, reason: "not_delivered" });
    kase = await requestAtSupplier(ctx, { caseId: kase.id, version: kase.version, contactedSupplierDirectly: true });
    kase = await supplierRefused(ctx, { caseId: kase.id, version: kase.version }, false);
    kase = await openSupplierDispute(ctx, { caseId: kase.id, version: kase.version, reason: "Refused without shipping." });
    const [dispute] = await queryRows<{ id: string }>(
      ctx.tx,
      sql`select id from disputes where organization_id = ${organizationId} and case_id = ${kase.id}`,
    );
    return { kase, disputeId: dispute!.id };
  });
}

/** A chargeback entered by hand, its evidence already overdue (so it needs action on the dashboard). */
async function overdueChargeback(user: TestUser, organizationId: string, storeId: string, orderId: string) {
  return asService(user, organizationId, async (ctx) => {
    const { dispute } = await upsertChargeback(
      ctx.tx,
      organizationId,
      storeId,
      {
        externalId: null,
        orderId,
        type: "chargeback",
        reason: "fraudulent",
        status: "needs_response",
        amountMinor: 1500,
        evidenceDueBy: new Date(Date.now() - 3 * 24 * 3600 * 1000),
      },
      ctx.actor,
      ctx.requestId,
    );
    return dispute.id;
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const a = await makeTenant(db, "Alpha");
  const b = await makeTenant(db, "Bravo");
  const inviteeEmail = freshEmail();
  const invitation = await callerFor(db, a.owner, a.organizationId).invitation.create({ email: inviteeEmail, role: "agent" });
  const scope = { organizationId: a.organizationId, storeId: a.grantedStoreId };
  const aOrders = await importInto(a.organizationId, a.grantedStoreId);
  const orderIds = [...aOrders.values()];
  const membership = await resolveMembership(db, a.owner.id, a.organizationId);
  const job = await withTenant(db, a.organizationId, (tx) =>
    createImportJob(tx, scope, membership!, { kind: "shopify_orders", fileName: "again.csv", content: ordersCsv(), userId: a.owner.id }),
  );
  const aOrderId = aOrders.get("#1001")!;
  const { kase, disputeId } = await caseWithSupplierDispute(a.owner, a.organizationId, aOrderId);
  const aChargebackId = await overdueChargeback(a.owner, a.organizationId, a.grantedStoreId, aOrders.get("#1007")!);
  const [lineItem] = await queryRows<{ id: string }>(db, sql`select id from order_line_items where order_id = ${aOrderId}`);
  const [supplierOrder] = await queryRows<{ id: string }>(db, sql`select id from supplier_orders where order_id = ${aOrderId}`);
  const aNotificationIds = (
    await queryRows<{ id: string }>(db, sql`select id from notifications where organization_id = ${a.organizationId}`)
  ).map((r) => r.id);
  // The chargeback told A's owner, admin and agent.
  expect(aNotificationIds).toHaveLength(3);

  // B holds the same kind of data, so its own answers are not empty.
  const bOrders = await importInto(b.organizationId, b.grantedStoreId);
  const bCase = await asService(b.owner, b.organizationId, (ctx) => openCase(ctx, { orderId: bOrders.get("#1001")!, reason: "changed_mind" }));
  const aRate = await callerFor(db, a.owner, a.organizationId).report.addRate({ currency: "EUR", rate: "1.0875", validFrom: "2025-01-01" });

  w = {
    a,
    b,
    aInvitationId: invitation.id,
    aOrderId,
    aImportJobId: job.jobId,
    aCaseId: kase.id,
    aCaseVersion: kase.version,
    aDisputeId: disputeId,
    aChargebackId,
    aLineItemId: lineItem!.id,
    aNotificationIds,
    aSupplierOrderId: supplierOrder!.id,
    bCaseId: bCase.id,
    bFreeOrderId: bOrders.get("#1007")!,
    aRateId: aRate.id,
  };
  aMarkers = [
    a.organizationId,
    ...a.storeIds,
    ...orderIds,
    job.jobId,
    invitation.id,
    inviteeEmail,
    ...Object.values(a.members).flatMap((u) => [u.id, u.email]),
    ...["Alpha", "Alpha US", "Alpha EU", a.slug, "alpha-us", "alpha-eu"].map((s) => JSON.stringify(s)),
    // Every row id A holds: cases, disputes, ledger entries, supplier orders, notifications, audit events…
    ...(await idsOf(a.organizationId)),
  ];
  aSnapshot = await snapshotOf(a.organizationId);
});
afterAll(async () => {
  await database.close();
});

const unreadOf = (organizationId: string, userId: string) =>
  queryRows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from notifications where organization_id = ${organizationId} and user_id = ${userId} and read_at is null`,
  ).then(([r]) => Number(r?.n ?? 0));

/** For each `ownRowsOnly` mutation: a viewer may call it, and it changes the caller's rows and no one else's. */
const OWN_ROWS_CHECKS: Record<string, () => Promise<void>> = {
  "notification.markRead": async () => {
    const { a } = w;
    const viewer = a.members.viewer;
    await asService(a.owner, a.organizationId, (ctx) =>
      notify(ctx.tx, a.organizationId, [viewer.id, a.owner.id], { kind: "test", title: "Look", body: "here", dedupeKey: `own-rows-${next()}` }),
    );
    const ownerUnread = await unreadOf(a.organizationId, a.owner.id);
    expect(await unreadOf(a.organizationId, viewer.id)).toBe(1);
    const asViewer = callerFor(db, viewer, a.organizationId);
    // The owner's notification ids, named by the viewer: not the viewer's, so untouched.
    const ownerIds = (await callerFor(db, a.owner, a.organizationId).notification.list()).items.map((n) => n.id);
    await expect(asViewer.notification.markRead({ ids: ownerIds })).resolves.toEqual({ ok: true });
    expect(await unreadOf(a.organizationId, a.owner.id)).toBe(ownerUnread);
    await expect(asViewer.notification.markRead({ ids: "all" })).resolves.toEqual({ ok: true });
    expect(await unreadOf(a.organizationId, viewer.id)).toBe(0);
    expect(await unreadOf(a.organizationId, a.owner.id)).toBe(ownerUnread);
    expect((await asViewer.notification.list()).unread).toBe(0);
  },
  "notification.setEmailDigest": async () => {
    const { a } = w;
    const asViewer = callerFor(db, a.members.viewer, a.organizationId);
    const asOwner = callerFor(db, a.owner, a.organizationId);
    await expect(asViewer.notification.setEmailDigest({ emailDigest: false })).resolves.toEqual({ emailDigest: false });
    expect(await asViewer.notification.preferences()).toMatchObject({ emailDigest: false });
    expect(await asOwner.notification.preferences()).toMatchObject({ emailDigest: true });
    await expect(asViewer.notification.setEmailDigest({ emailDigest: true })).resolves.toEqual({ emailDigest: true });
    expect(await asViewer.notification.preferences()).toMatchObject({ emailDigest: true });
  },
};

describe("the matrix covers the router", () => {
  it("every procedure of appRouter has a cross-tenant case", () => {
    expect(PATHS.length).toBeGreaterThan(20);
    expect(PATHS.filter((p) => !CASES[p])).toEqual([]);
  });

  it("every case names a procedure that still exists", () => {
    expect(Object.keys(CASES).filter((p) => !procedures[p])).toEqual([]);
  });

  it("every organization mutation is guarded by a permission a viewer lacks", () => {
    const unguarded = MUTATIONS.filter((p) => {
      const c = caseOf(p);
      if (c.access !== "member") return !c.note;
      // Open to every member, a viewer included: it must say why, and be checked below.
      if (c.ownRowsOnly) return Boolean(c.permission) || !OWN_ROWS_CHECKS[p];
      return !c.permission || can("viewer", c.permission);
    });
    expect(unguarded).toEqual([]);
  });

  it("only mutations are marked as touching the caller's own rows", () => {
    expect(PATHS.filter((p) => CASES[p]?.ownRowsOnly && !MUTATIONS.includes(p))).toEqual([]);
    expect(Object.keys(OWN_ROWS_CHECKS).filter((p) => !CASES[p]?.ownRowsOnly)).toEqual([]);
  });

  it("the leak detector finds A's data in A's own answers", async () => {
    const asOwner = callerFor(db, w.a.owner, w.a.organizationId);
    for (const procedure of [
      "organization.current",
      "store.list",
      "member.list",
      "invitation.list",
      "audit.list",
      "order.list",
      "import.list",
      "case.list",
      "dispute.list",
      "deadline.inbox",
      "notification.list",
      "dashboard.summary",
      "report.loss",
      "report.rates",
    ]) {
      const result = await call(asOwner, procedure, caseOf(procedure).input(w));
      expect(leaksOfA(result), procedure).not.toEqual([]);
    }
  });
});

describe("(a) another tenant's ids answer as if they did not exist", () => {
  it.each(PATHS)("%s, called by B's owner with A's ids", async (path) => {
    const c = caseOf(path);
    const asBOwner = callerFor(db, w.b.owner, w.b.organizationId);
    const inputs = c.crossTenant.inputs(w);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      if (c.crossTenant.expect === "NOT_FOUND") {
        await expect(call(asBOwner, path, input), JSON.stringify(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      } else {
        const result = await call(asBOwner, path, input);
        expect(leaksOfA(result), JSON.stringify(input)).toEqual([]);
      }
    }
  });

  it("a session that claims organization A still acts in the caller's own organization", async () => {
    const forged = callerFor(db, w.b.owner, w.a.organizationId);
    await expect(forged.organization.current()).resolves.toMatchObject({ id: w.b.organizationId });
    await expect(forged.store.get({ storeId: w.a.grantedStoreId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(leaksOfA(await forged.store.list({ includeArchived: true }))).toEqual([]);
  });
});

describe("(b) a viewer is refused every mutation, and told which permission it lacks", () => {
  it.each(MUTATIONS)("%s", async (path) => {
    const c = caseOf(path);
    if (c.access !== "member") {
      // Outside the organization ladder: documented in the case, checked by "is guarded" above.
      expect(c.note).toBeTruthy();
      return;
    }
    if (c.ownRowsOnly) {
      // A viewer may do it to its own rows: OWN_ROWS_CHECKS runs it (after the snapshot comparison).
      expect(OWN_ROWS_CHECKS[path]).toBeDefined();
      return;
    }
    const asViewer = callerFor(db, w.a.members.viewer, w.a.organizationId);
    await expect(call(asViewer, path, c.input(w))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`"${c.permission}"`),
    });
  });

  const denials = PATHS.flatMap((path) => {
    const permission = CASES[path]?.permission;
    return permission ? ROLES.filter((role) => !can(role, permission)).map((role) => [path, role] as const) : [];
  });
  it.each(denials)("%s is refused to the %s role (SPEC §8)", async (path, role) => {
    const c = caseOf(path);
    await expect(call(callerFor(db, w.a.members[role], w.a.organizationId), path, c.input(w))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`"${c.permission}"`),
    });
  });
});

describe("(d) a guest", () => {
  it.each(PATHS)("%s", async (path) => {
    const c = caseOf(path);
    const guest = callerFor(db, null);
    if (c.access !== "public") {
      await expect(call(guest, path, c.input(w))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      return;
    }
    // A public procedure answers a guest exactly as it answers another tenant.
    for (const input of c.crossTenant.inputs(w)) {
      if (c.crossTenant.expect === "NOT_FOUND") {
        await expect(call(guest, path, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      } else {
        expect(leaksOfA(await call(guest, path, input))).toEqual([]);
      }
    }
  });
});

describe("a signed-in user who belongs to no organization", () => {
  let loner: TestUser;
  beforeAll(async () => {
    loner = await makeUser(db, "loner");
  });
  it.each(PATHS.filter((p) => CASES[p]?.access === "member"))("%s asks them to create or join one", async (path) => {
    // The session even names organization A: membership, not the session, decides.
    await expect(call(callerFor(db, loner, w.a.organizationId), path, caseOf(path).input(w))).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("refused calls leave no trace", () => {
  it("nothing of organization A changed through cross-tenant, refused or guest calls", async () => {
    expect(await snapshotOf(w.a.organizationId)).toEqual(aSnapshot);
  });
});

describe("mutations open to every member touch only the caller's own rows", () => {
  it.each(Object.keys(OWN_ROWS_CHECKS))("%s", async (path) => {
    await OWN_ROWS_CHECKS[path]!();
  });
});

describe("figures count only the caller's organization", () => {
  it("ledger.store without a store sums B's own ledger, not A's", async () => {
    const rows = await queryRows<{ currency: string; refunded: number | string }>(
      db,
      sql`select currency, sum(amount_minor) as refunded from money_movements
          where organization_id = ${w.b.organizationId} and type in ('customer_refund', 'customer_refund_correction')
          group by currency order by currency`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const answer = await callerFor(db, w.b.owner, w.b.organizationId).ledger.store({});
    expect(answer.byCurrency.map((c) => ({ currency: c.currency, refunded: c.refundedMinor })).sort((x, y) => x.currency.localeCompare(y.currency))).toEqual(
      rows.map((r) => ({ currency: r.currency, refunded: Number(r.refunded) })),
    );
  });

  it("report.loss without stores reports B's own stores and figures, nothing of A's", async () => {
    const asBOwner = callerFor(db, w.b.owner, w.b.organizationId);
    // Ten years from 2024 (and the ten before as the previous period): everything B holds.
    const everything = unpackLossReport(await asBOwner.report.loss({ from: "2024-01-01", to: "2033-12-31" }));
    const bStores = await queryRows<{ id: string }>(db, sql`select id from stores where organization_id = ${w.b.organizationId} order by id`);
    expect(everything.stores.map((s) => s.id).sort()).toEqual(bStores.map((r) => r.id));
    expect(everything.stores.map((s) => s.id)).toEqual(expect.arrayContaining(w.b.storeIds));
    const [orders] = await queryRows<{ n: number | string }>(db, sql`select count(*)::int as n from orders where organization_id = ${w.b.organizationId}`);
    expect(everything.totals.reduce((n, x) => n + x.current.orders + x.previous.orders, 0)).toBe(Number(orders!.n));
    expect(leaksOfA(everything)).toEqual([]);
    expect(leaksOfA(await asBOwner.report.rates())).toEqual([]);
  });

  it("the dashboard counts B's open cases only", async () => {
    const summary = await callerFor(db, w.b.owner, w.b.organizationId).dashboard.summary();
    expect(summary.openCases).toEqual([{ state: "requested", count: 1 }]);
    expect(leaksOfA(summary)).toEqual([]);
  });
});

describe("(c) a client sees only the stores granted to it", () => {
  let c: TenantFixture;
  let asClient: Caller;
  /** Orders and an import job of the store the client may not see. */
  let hiddenOrderIds: string[];
  let hiddenJobId: string;
  /** Case work in both stores: what the client may see (granted) and what it may not (hidden). */
  let granted: { caseId: string; disputeId: string; chargebackId: string; orderId: string };
  let hidden: { caseId: string; disputeId: string; chargebackId: string; orderId: string; notificationId: string };
  beforeAll(async () => {
    c = await makeTenant(db, "Charlie");
    asClient = callerFor(db, c.members.client, c.organizationId);
    const scope = { organizationId: c.organizationId, storeId: c.otherStoreId };
    const hiddenOrders = await importInto(c.organizationId, c.otherStoreId);
    hiddenOrderIds = [...hiddenOrders.values()];
    const grantedOrders = await importInto(c.organizationId, c.grantedStoreId);
    const inGranted = await caseWithSupplierDispute(c.owner, c.organizationId, grantedOrders.get("#1001")!);
    const inHidden = await caseWithSupplierDispute(c.owner, c.organizationId, hiddenOrders.get("#1001")!);
    granted = {
      caseId: inGranted.kase.id,
      disputeId: inGranted.disputeId,
      chargebackId: await overdueChargeback(c.owner, c.organizationId, c.grantedStoreId, grantedOrders.get("#1007")!),
      orderId: grantedOrders.get("#1001")!,
    };
    const hiddenChargebackId = await overdueChargeback(c.owner, c.organizationId, c.otherStoreId, hiddenOrders.get("#1007")!);
    // A case still waiting at the supplier in the hidden store, its ship-by long passed.
    await asService(c.owner, c.organizationId, (ctx) => openCase(ctx, { orderId: hiddenOrders.get("#1007")!, reason: "changed_mind" }));
    // Notifications addressed to the client itself: about each store, and about the organization.
    await asService(c.owner, c.organizationId, async (ctx) => {
      for (const storeId of [c.grantedStoreId, c.otherStoreId, null]) {
        await notify(ctx.tx, c.organizationId, [c.members.client.id], { kind: "test", title: `About ${storeId ?? "everything"}`, body: "-", storeId, dedupeKey: `client-${storeId}` });
      }
    });
    const [hiddenNotification] = await queryRows<{ id: string }>(
      db,
      sql`select id from notifications where organization_id = ${c.organizationId} and store_id = ${c.otherStoreId} and user_id = ${c.members.client.id}`,
    );
    hidden = {
      caseId: inHidden.kase.id,
      disputeId: inHidden.disputeId,
      chargebackId: hiddenChargebackId,
      orderId: hiddenOrders.get("#1001")!,
      notificationId: hiddenNotification!.id,
    };
    const membership = await resolveMembership(db, c.owner.id, c.organizationId);
    const job = await withTenant(db, c.organizationId, (tx) =>
      createImportJob(tx, scope, membership!, { kind: "shopify_orders", fileName: "again.csv", content: ordersCsv(), userId: c.owner.id }),
    );
    hiddenJobId = job.jobId;
  });

  it("store.list returns the granted store only, archived ones included", async () => {
    expect((await asClient.store.list()).map((s) => s.id)).toEqual([c.grantedStoreId]);
    expect((await asClient.store.list({ includeArchived: true })).map((s) => s.id)).toEqual([c.grantedStoreId]);
    expect(await asClient.organization.current()).toMatchObject({ storeIds: [c.grantedStoreId] });
  });

  it("store.get of a store not granted answers exactly like a store that does not exist", async () => {
    await expect(asClient.store.get({ storeId: c.grantedStoreId })).resolves.toMatchObject({ id: c.grantedStoreId });
    const hidden = await asClient.store.get({ storeId: c.otherStoreId }).catch((e: unknown) => e);
    const missing = await asClient.store.get({ storeId: randomUUID() }).catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: "NOT_FOUND" });
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect((hidden as Error).message).toBe((missing as Error).message);
  });

  it("audit.list shows only events of the granted store", async () => {
    const owners = await callerFor(db, c.owner, c.organizationId).audit.list({ limit: 100 });
    // The log does hold events the client must not see: the other store's and organization-wide ones.
    expect(owners.items.some((e) => e.storeId === c.otherStoreId)).toBe(true);
    expect(owners.items.some((e) => e.storeId === null)).toBe(true);

    const mine = await asClient.audit.list({ limit: 100 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.storeId === c.grantedStoreId)).toBe(true);
    expect((await asClient.audit.list({ storeId: c.otherStoreId })).items).toEqual([]);
    expect((await asClient.audit.list({ entityId: c.otherStoreId })).items).toEqual([]);
  });

  it("orders and imports of a store not granted are invisible", async () => {
    const hidden = [...hiddenOrderIds, hiddenJobId];
    const found = (result: unknown) => hidden.filter((id) => JSON.stringify(result).includes(id));
    const asOwner = callerFor(db, c.owner, c.organizationId);
    // The owner does see them, so the client's empty answers below are the grant at work.
    expect(found(await asOwner.order.list({}))).not.toEqual([]);
    expect(found(await asOwner.import.list({}))).toEqual([hiddenJobId]);

    expect(hiddenOrderIds.length).toBeGreaterThan(0);
    expect(found(await asClient.order.list({}))).toEqual([]);
    expect(found(await asClient.order.list({ storeId: c.otherStoreId, orderIds: hiddenOrderIds }))).toEqual([]);
    expect(found(await asClient.import.list({}))).toEqual([]);
    expect(found(await asClient.import.list({ storeId: c.otherStoreId }))).toEqual([]);
    await expect(asClient.order.get({ orderId: hiddenOrderIds[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClient.import.get({ jobId: hiddenJobId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("cases, disputes and their ledger in a store not granted are invisible, and answer like missing ones", async () => {
    const asOwner = callerFor(db, c.owner, c.organizationId);
    const ids = (result: unknown) => JSON.stringify(result);
    // The owner sees both stores' work, so what the client misses below is the grant at work.
    expect(ids(await asOwner.case.list({}))).toContain(hidden.caseId);
    expect(ids(await asOwner.dispute.list({}))).toContain(hidden.disputeId);

    const cases = await asClient.case.list({});
    expect(cases.map((k) => k.id)).toContain(granted.caseId);
    expect(cases.every((k) => k.storeId === c.grantedStoreId)).toBe(true);
    expect(await asClient.case.list({ storeId: c.otherStoreId })).toEqual([]);
    expect(await asClient.case.list({ orderId: hidden.orderId })).toEqual([]);
    const disputes = await asClient.dispute.list({});
    expect(disputes.map((d) => d.id).sort()).toEqual([granted.disputeId, granted.chargebackId].sort());
    expect(await asClient.dispute.list({ storeId: c.otherStoreId })).toEqual([]);

    await expect(asClient.case.get({ caseId: granted.caseId })).resolves.toMatchObject({ case: { id: granted.caseId } });
    await expect(asClient.dispute.get({ disputeId: granted.chargebackId })).resolves.toMatchObject({ id: granted.chargebackId });
    await expect(asClient.ledger.order({ orderId: granted.orderId })).resolves.toHaveProperty("figures");
    const pairs: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ["case.get", () => asClient.case.get({ caseId: hidden.caseId }), () => asClient.case.get({ caseId: randomUUID() })],
      ["dispute.get (supplier)", () => asClient.dispute.get({ disputeId: hidden.disputeId }), () => asClient.dispute.get({ disputeId: randomUUID() })],
      ["dispute.get (chargeback)", () => asClient.dispute.get({ disputeId: hidden.chargebackId }), () => asClient.dispute.get({ disputeId: randomUUID() })],
      ["ledger.order", () => asClient.ledger.order({ orderId: hidden.orderId }), () => asClient.ledger.order({ orderId: randomUUID() })],
      ["ledger.store", () => asClient.ledger.store({ storeId: c.otherStoreId }), () => asClient.ledger.store({ storeId: randomUUID() })],
      [
        "report.loss",
        () => asClient.report.loss({ ...january, storeIds: [c.grantedStoreId, c.otherStoreId] }),
        () => asClient.report.loss({ ...january, storeIds: [c.grantedStoreId, randomUUID()] }),
      ],
    ];
    for (const [label, hiddenCall, missingCall] of pairs) {
      const [h, m] = [await hiddenCall().catch((e: unknown) => e), await missingCall().catch((e: unknown) => e)];
      expect(h, label).toMatchObject({ code: "NOT_FOUND" });
      expect(m, label).toMatchObject({ code: "NOT_FOUND" });
      expect((h as Error).message, label).toBe((m as Error).message);
    }
  });

  it("the client's ledger and dashboard figures cover the granted store only", async () => {
    const asOwner = callerFor(db, c.owner, c.organizationId);
    const grantedOnly = await asOwner.ledger.store({ storeId: c.grantedStoreId });
    const everything = await asOwner.ledger.store({});
    // Both stores imported the same refunds: the organization's figures are twice the store's.
    expect(everything.byCurrency.find((x) => x.currency === "USD")!.refundedMinor).toBe(2 * grantedOnly.byCurrency.find((x) => x.currency === "USD")!.refundedMinor);
    expect(await asClient.ledger.store({})).toEqual(grantedOnly);
    // The loss report too: without stores, the granted one's figures only.
    const range = { from: "2020-01-01", to: "2029-12-31" };
    const reportOfGranted = unpackLossReport(await asOwner.report.loss({ ...range, storeIds: [c.grantedStoreId] }));
    expect(reportOfGranted.totals.length).toBeGreaterThan(0);
    expect({ ...(unpackLossReport(await asClient.report.loss(range))), allStores: false }).toEqual(reportOfGranted);
    expect(JSON.stringify(unpackLossReport(await asClient.report.loss(range)))).not.toContain(c.otherStoreId);

    const mine = await asClient.dashboard.summary();
    const owners = await asOwner.dashboard.summary();
    expect(owners.needsAction.some((d) => d.storeId === c.otherStoreId)).toBe(true);
    expect(mine.needsAction.length).toBeGreaterThan(0);
    expect(mine.needsAction.every((d) => d.storeId === c.grantedStoreId)).toBe(true);
    expect(mine.openCases).toEqual([{ state: "disputed", count: 1 }]);
    expect(owners.openCases).toEqual(
      expect.arrayContaining([
        { state: "disputed", count: 2 },
        { state: "requested", count: 1 },
      ]),
    );
    expect(owners.openCases).toHaveLength(2);
    expect(JSON.stringify(mine)).not.toContain(c.otherStoreId);
  });

  it("the deadline inbox lists the granted store's deadlines only", async () => {
    const owners = await callerFor(db, c.owner, c.organizationId).deadline.inbox({});
    expect(owners.some((d) => d.storeId === c.otherStoreId)).toBe(true);
    const mine = await asClient.deadline.inbox({});
    expect(mine.map((d) => d.disputeId ?? d.caseId).sort()).toEqual([granted.disputeId, granted.chargebackId].sort());
    expect(mine.every((d) => d.storeId === c.grantedStoreId)).toBe(true);
    expect(await asClient.deadline.inbox({ storeId: c.otherStoreId })).toEqual([]);
    expect(await asClient.deadline.inbox({ kind: "ship_by" })).toEqual([]);
  });

  it("notifications about a store not granted are not shown to the client", async () => {
    const list = await asClient.notification.list();
    expect(list.items.map((n) => n.storeId).sort()).toEqual([c.grantedStoreId, null].sort());
    expect(list.unread).toBe(2);
    expect(JSON.stringify(list)).not.toContain(hidden.notificationId);
  });

  it("member.list does not reveal stores outside the client's grants", async () => {
    // A second client, granted only the store the first one may not see.
    const other = await makeUser(db, "charlie-client2");
    const invite = await callerFor(db, c.owner, c.organizationId).invitation.create({
      email: other.email,
      role: "client",
      storeIds: [c.otherStoreId],
    });
    await callerFor(db, other).invitation.accept({ token: invite.link.split("/invite/")[1]! });

    const members = await asClient.member.list();
    expect(members.map((m) => m.userId)).toContain(other.id);
    expect(JSON.stringify(members)).not.toContain(c.otherStoreId);
  });
});
