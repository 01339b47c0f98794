import { boolean, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";

/** Global (reference) table: a person can belong to many organizations. */
export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text().notNull(),
  createdAt: createdAt(),
});

/**
 * Sign-in attempts, keyed by account (`email:…`) and by client address (`ip:…`), for throttling.
 * Only failures within the window count; a success clears nothing (so an attacker cannot reset it).
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    succeeded: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_attempts_key_time_idx").on(t.key, t.createdAt)],
);
