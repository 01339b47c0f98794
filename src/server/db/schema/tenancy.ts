import { sql } from "drizzle-orm";
import {
  char,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, optionalTime, tenantColumns, updatedAt } from "../columns";
import { memberRole, organizationKind } from "./enums";
import { users } from "./auth";
import type { SupplierTerms } from "@/lib/supplier-terms";

/** The tenant root. Its `id` is the `organization_id` of every tenant row. */
export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  kind: organizationKind().notNull(),
  reportingCurrency: char({ length: 3 }).notNull().default("USD"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const stores = pgTable(
  "stores",
  {
    ...tenantColumns,
    name: text().notNull(),
    slug: text().notNull(),
    platform: text().notNull().default("shopify"),
    shopDomain: text(),
    currency: char({ length: 3 }).notNull(),
    country: char({ length: 2 }).notNull(),
    timezone: text().notNull(),
    webhookSecret: text().notNull(),
    previousWebhookSecret: text(),
    webhookSecretRotatedAt: optionalTime(),
    supplierTerms: jsonb().$type<SupplierTerms>().notNull(),
    archivedAt: optionalTime(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("stores_org_slug_key").on(t.organizationId, t.slug),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }).onDelete("cascade"),
  ],
);

/** Which stores a `client` member may see. Other roles see every store of the organization. */
export const storeGrants = pgTable(
  "store_grants",
  {
    organizationId: uuid().notNull(),
    userId: uuid().notNull(),
    storeId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId, t.storeId] }),
    foreignKey({
      columns: [t.organizationId, t.userId],
      foreignColumns: [memberships.organizationId, memberships.userId],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.organizationId, t.storeId], foreignColumns: [stores.organizationId, stores.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    ...tenantColumns,
    email: text().notNull(),
    role: memberRole().notNull(),
    /** For `client` invitations: the stores the new member will be granted. */
    storeIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    /** SHA-256 of the token in the link; the token itself is shown once and never stored. */
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    invitedBy: uuid().notNull(),
    acceptedAt: optionalTime(),
    acceptedBy: uuid(),
    revokedAt: optionalTime(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index("invitations_token_hash_idx").on(t.tokenHash),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }).onDelete("cascade"),
  ],
);
