/**
 * Roles and permissions (SPEC §8). Shared by the server, which enforces them, and the UI, which
 * shows an action exactly when the server would accept it.
 */
export const ORGANIZATION_KINDS = ["agency", "merchant"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ["owner", "admin", "agent", "viewer", "client"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "orders:read": ["owner", "admin", "agent", "viewer", "client"],
  "audit:read": ["owner", "admin", "agent", "viewer", "client"],
  "cases:work": ["owner", "admin", "agent"],
  "refunds:record": ["owner", "admin", "agent"],
  "imports:run": ["owner", "admin", "agent"],
  "policies:publish": ["owner", "admin"],
  "stores:manage": ["owner", "admin"],
  "rates:manage": ["owner", "admin"],
  "members:manage": ["owner", "admin"],
  "secrets:manage": ["owner", "admin"],
  "organization:delete": ["owner"],
  "organization:transfer": ["owner"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** A `client` sees only the stores granted to it; every other role sees all stores. */
export function isStoreLimited(role: Role): boolean {
  return role === "client";
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
  viewer: "Viewer",
  client: "Client",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including deleting the organization and transferring ownership.",
  admin: "Manage stores, members, secrets and policies, and work cases.",
  agent: "Work cases, record refunds and run imports across all stores.",
  viewer: "Read-only access to every store.",
  client: "Read-only access to the stores granted to them.",
};

/** Which roles a member with `role` may hand out. Only an owner can make another owner. */
export function assignableRoles(role: Role): Role[] {
  if (role === "owner") return [...ROLES];
  if (role === "admin") return ["admin", "agent", "viewer", "client"];
  return [];
}
