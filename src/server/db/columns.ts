import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Every tenant table starts with these: the tenant key leads every primary key and unique index. */
export const tenantColumns = {
  organizationId: uuid().notNull(),
  id: uuid().notNull().defaultRandom(),
};

export const createdAt = () => timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const optionalTime = () => timestamp({ withTimezone: true, mode: "date" });
