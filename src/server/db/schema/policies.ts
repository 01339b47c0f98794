import { char, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, tenantColumns, updatedAt } from "../columns";
import { stores } from "./tenancy";

/** A store's refund and returns policy: the draft being edited. Published versions live in policy_versions. */
export const policies = pgTable(
  "policies",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    /** Structured settings (src/lib/policy): never free-form HTML. */
    draftSettings: jsonb().notNull(),
    draftUpdatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    draftUpdatedBy: uuid(),
    /** The number of the latest published version, null until the first publish. */
    publishedVersion: integer(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("policies_store_key").on(t.organizationId, t.storeId),
    foreignKey({ columns: [t.organizationId, t.storeId], foreignColumns: [stores.organizationId, stores.id] }).onDelete("cascade"),
  ],
);

/** A published policy: immutable. The public page shows the highest number. */
export const policyVersions = pgTable(
  "policy_versions",
  {
    ...tenantColumns,
    storeId: uuid().notNull(),
    policyId: uuid().notNull(),
    number: integer().notNull(),
    settings: jsonb().notNull(),
    /** Published languages (en, de, pt, zh, ko) and the default one. */
    languages: text().array().notNull(),
    defaultLanguage: char({ length: 2 }).notNull(),
    /** Rendered text per language at publish time: { [lang]: { title, html } }. */
    rendered: jsonb().notNull(),
    effectiveDate: date({ mode: "string" }).notNull(),
    publishedAt: createdAt(),
    publishedBy: uuid(),
    publishedByLabel: text().notNull(),
    note: text(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("policy_versions_number_key").on(t.organizationId, t.storeId, t.number),
    foreignKey({ columns: [t.organizationId, t.policyId], foreignColumns: [policies.organizationId, policies.id] }).onDelete("cascade"),
    index("policy_versions_store_idx").on(t.organizationId, t.storeId, t.number),
  ],
);
