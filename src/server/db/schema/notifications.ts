import { boolean, index, jsonb, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, optionalTime, tenantColumns } from "../columns";

/** In-app notifications for one member; emailed in a daily digest unless the member opted out. */
export const notifications = pgTable(
  "notifications",
  {
    ...tenantColumns,
    userId: uuid().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    link: text(),
    storeId: uuid(),
    /** One notification per event per member, however often the job that raises it runs. */
    dedupeKey: text().notNull(),
    readAt: optionalTime(),
    emailedAt: optionalTime(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique("notifications_dedupe_key").on(t.organizationId, t.userId, t.dedupeKey),
    index("notifications_user_idx").on(t.organizationId, t.userId, t.createdAt),
  ],
);

/** Deadline events already acted on (a refund marked overdue, a reminder sent): each happens once. */
export const deadlineMarks = pgTable(
  "deadline_marks",
  {
    organizationId: uuid().notNull(),
    key: text().notNull(),
    kind: text().notNull(),
    entityId: uuid().notNull(),
    details: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.key] })],
);

/** A member's notification settings (per organization). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    organizationId: uuid().notNull(),
    userId: uuid().notNull(),
    emailDigest: boolean().notNull().default(true),
    lastDigestAt: optionalTime(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] })],
);
