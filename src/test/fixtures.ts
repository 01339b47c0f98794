import { eq } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { users } from "@/server/db/schema";
import type { Role } from "@/lib/roles";
import { callerFor, type TestUser } from "./caller";
import { hashPassword } from "@/server/auth/password";

let counter = 0;
let cachedHash: Promise<string> | undefined;

/** Creates a user directly (argon2 once per file, to keep tests fast). */
export async function makeUser(db: Db, label = "user"): Promise<TestUser> {
  counter += 1;
  cachedHash ??= hashPassword("correct horse battery staple");
  const email = `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const [row] = await db
    .insert(users)
    .values({ email, name: `${label} ${counter}`, passwordHash: await cachedHash })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row!;
}

export interface TenantFixture {
  organizationId: string;
  slug: string;
  owner: TestUser;
  members: Record<Role, TestUser>;
  storeIds: string[];
  /** The client member is granted only the first store. */
  grantedStoreId: string;
  otherStoreId: string;
}

/**
 * An organization with two stores and one member per role, built through the real procedures
 * (so their audit events are written too). The `client` is granted the first store only.
 */
export async function makeTenant(db: Db, name = "Acme"): Promise<TenantFixture> {
  const owner = await makeUser(db, `${name.toLowerCase()}-owner`);
  const ownerCaller = callerFor(db, owner);
  const org = await ownerCaller.organization.create({ name, kind: "agency" });
  const asOwner = callerFor(db, owner, org.id);
  const s1 = await asOwner.store.create({ name: `${name} US`, slug: `${name.toLowerCase()}-us`, currency: "USD", country: "US", timezone: "America/New_York" });
  const s2 = await asOwner.store.create({ name: `${name} EU`, slug: `${name.toLowerCase()}-eu`, currency: "EUR", country: "DE", timezone: "Europe/Berlin" });
  const members = { owner } as Record<Role, TestUser>;
  for (const role of ["admin", "agent", "viewer", "client"] as const) {
    const user = await makeUser(db, `${name.toLowerCase()}-${role}`);
    const invite = await asOwner.invitation.create({ email: user.email, role, storeIds: role === "client" ? [s1.id] : [], expiresInDays: 7 });
    const token = invite.link.split("/invite/")[1]!;
    await callerFor(db, user).invitation.accept({ token });
    members[role] = user;
  }
  return { organizationId: org.id, slug: org.slug, owner, members, storeIds: [s1.id, s2.id], grantedStoreId: s1.id, otherStoreId: s2.id };
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}
