import { pgEnum } from "drizzle-orm/pg-core";
import { ORGANIZATION_KINDS, ROLES } from "@/lib/roles";

export const organizationKind = pgEnum("organization_kind", ORGANIZATION_KINDS);
export const memberRole = pgEnum("member_role", ROLES);
export const actorType = pgEnum("actor_type", ["user", "system", "webhook"]);
