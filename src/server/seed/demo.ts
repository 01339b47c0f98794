import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { organizations, stores, users } from "../db/schema";
import { recordAudit } from "../audit/record";
import { seedStoreOrders } from "./orders";
import { seedStoreCases } from "./cases";
import { seedStorePolicies } from "./policies";
import { seedExchangeRates } from "./rates";
import { scanDeadlines } from "../jobs/deadlines-scan";
import { withTenant } from "../db/tenant";
import { createUser } from "../auth/service";
import { createOrganization } from "../tenancy/organizations";
import { createStore } from "../tenancy/stores";
import { acceptInvitation, createInvitation } from "../tenancy/invitations";
import { resolveMembership } from "../tenancy/membership";
import type { Actor } from "../audit/record";
import type { TenantContext } from "../tenancy/context";
import type { Role } from "@/lib/roles";

export const DEMO_ORDERS_PER_STORE = 300;
export const DEMO_PASSWORD = "recoup-demo-2026";
export const DEMO_ORGANIZATION = { name: "Northwind Commerce", slug: "northwind", kind: "agency" as const };

export const DEMO_USERS: { role: Role; email: string; name: string }[] = [
  { role: "owner", email: "owner@northwind.example", name: "Olivia Owner" },
  { role: "admin", email: "admin@northwind.example", name: "Adam Admin" },
  { role: "agent", email: "agent@northwind.example", name: "Aiko Agent" },
  { role: "viewer", email: "viewer@northwind.example", name: "Victor Viewer" },
  { role: "client", email: "client@northwind.example", name: "Clara Client" },
];

export const DEMO_STORES = [
  { name: "Lumen Home", slug: "lumen-home", shopDomain: "lumen-home.myshopify.com", currency: "USD", country: "US", timezone: "America/New_York" },
  { name: "Kleidwerk", slug: "kleidwerk", shopDomain: "kleidwerk.myshopify.com", currency: "EUR", country: "DE", timezone: "Europe/Berlin" },
  { name: "Seoul Select", slug: "seoul-select", shopDomain: "seoul-select.myshopify.com", currency: "KRW", country: "KR", timezone: "Asia/Seoul" },
] as const;

export async function isEmpty(db: Db): Promise<boolean> {
  const [orgs] = await db.select({ n: count() }).from(organizations);
  const [people] = await db.select({ n: count() }).from(users);
  return (orgs?.n ?? 0) === 0 && (people?.n ?? 0) === 0;
}

/**
 * Seeds the demo agency through the same services the app uses, so its audit trail is real:
 * three stores (USD, EUR, KRW) and one member per role; the client sees Seoul Select only.
 */
export async function seedDemo(db: Db) {
  const created = new Map<Role, { id: string; email: string; name: string }>();
  for (const person of DEMO_USERS) {
    created.set(person.role, await createUser(db, { ...person, password: DEMO_PASSWORD }));
  }
  const owner = created.get("owner")!;
  const ownerActor: Actor = { type: "user", id: owner.id, label: owner.name };
  const org = await createOrganization(db, DEMO_ORGANIZATION, { userId: owner.id, actor: ownerActor });
  const membership = (await resolveMembership(db, owner.id, org.id))!;

  const storeIds = await withTenant(db, org.id, async (tx) => {
    const ctx: TenantContext = { tx, organizationId: org.id, membership, actor: ownerActor, requestId: "seed", userId: owner.id };
    const ids: string[] = [];
    for (const store of DEMO_STORES) ids.push((await createStore(ctx, store)).id);
    return ids;
  });

  for (const person of DEMO_USERS.filter((p) => p.role !== "owner")) {
    const invitation = await withTenant(db, org.id, (tx) =>
      createInvitation(
        { tx, organizationId: org.id, membership, actor: ownerActor, requestId: "seed", userId: owner.id },
        { email: person.email, role: person.role, storeIds: person.role === "client" ? [storeIds[2]!] : [], expiresInDays: 7 },
      ),
    );
    const user = created.get(person.role)!;
    await acceptInvitation(db, invitation.token, user, { type: "user", id: user.id, label: user.name }, "seed");
  }
  const now = new Date();
  for (const [index, storeId] of storeIds.entries()) {
    const store = DEMO_STORES[index]!;
    await withTenant(db, org.id, async (tx) => {
      const [row] = await tx.select().from(stores).where(and(eq(stores.organizationId, org.id), eq(stores.id, storeId)));
      const result = await seedStoreOrders(tx, { organizationId: org.id, storeId }, row!, {
        count: DEMO_ORDERS_PER_STORE,
        seed: 1000 + index,
        now,
        prefix: 1001 + index * 10_000,
      });
      const agent = created.get("agent")!;
      const agentMembership = (await resolveMembership(tx, agent.id, org.id))!;
      const caseCtx: TenantContext = {
        tx,
        organizationId: org.id,
        membership: agentMembership,
        actor: { type: "user", id: agent.id, label: agent.name },
        requestId: "seed",
        userId: agent.id,
      };
      await recordAudit(tx, {
        organizationId: org.id,
        storeId,
        actor: { type: "system", label: "Demo data" },
        action: "import.completed",
        entityId: randomUUID(),
        after: { fileName: `${store.slug}-demo-orders.csv`, orders: result.orders, created: result.orders, updated: 0, skipped: 0, supplierOrders: result.supplierOrders },
        requestId: "seed",
      });
      await seedStoreCases(caseCtx, storeId, 2000 + index, now);
    });
  }
  await withTenant(db, org.id, (tx) =>
    seedStorePolicies(
      { tx, organizationId: org.id, membership, actor: ownerActor, requestId: "seed", userId: owner.id },
      storeIds.map((id, index) => ({ id, slug: DEMO_STORES[index]!.slug })),
    ),
  );
  await withTenant(db, org.id, (tx) =>
    seedExchangeRates({ tx, organizationId: org.id, membership, actor: ownerActor, requestId: "seed", userId: owner.id }),
  );
  // The demo opens with its deadline notifications already raised, as the background job would.
  await scanDeadlines(db, now);
  return { organizationId: org.id, slug: org.slug, storeIds };
}
