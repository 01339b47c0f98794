"use client";

import { SelectItem } from "@/components/ui/select";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/roles";

/** Select items for roles, each with what the role may do. */
export function RoleOptions({ roles, withDescriptions = true }: { roles: readonly Role[]; withDescriptions?: boolean }) {
  return roles.map((role) => (
    <SelectItem key={role} value={role} description={withDescriptions ? ROLE_DESCRIPTIONS[role] : undefined}>
      {ROLE_LABELS[role]}
    </SelectItem>
  ));
}
