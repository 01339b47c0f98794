import { eq } from "drizzle-orm";
import { z } from "zod";
import { openDatabase, type Database } from "@/server/db/client";
import { organizations, stores, users } from "@/server/db/schema";
import { importFile, type ImportKind } from "@/server/imports/jobs";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { withTenant } from "@/server/db/tenant";
import { createUser } from "@/server/auth/service";
import { createOrganization } from "@/server/tenancy/organizations";
import { createStore, createStoreSchema } from "@/server/tenancy/stores";
import { verifyAuditChain } from "@/server/audit/record";
import { DomainError } from "@/server/errors";
import { ORGANIZATION_KINDS } from "@/lib/roles";
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from "@/server/seed/demo";
import { publishPolicyFromFile } from "@/server/policies/from-file";
import { reportLoss } from "./report-loss";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
export interface CommandResult {
  output: unknown;
  /** Printed as it is instead of the JSON of `output` (a CSV, say). */
  text?: string;
  exitCode?: number;
}
export interface Command {
  usage: string;
  options?: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
  run(values: Values, positionals: string[]): Promise<CommandResult>;
}

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || undefined,
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function required(values: Values, key: string): string {
  const value = values[key];
  if (typeof value !== "string" || !value.trim()) throw new Error(`Missing --${key}.`);
  return value;
}

/** Zod and domain errors become one readable line. */
function explain(error: unknown): never {
  if (error instanceof z.ZodError) {
    const issue = error.issues[0]!;
    throw new Error(`${issue.path.join(".") || "input"}: ${issue.message}`);
  }
  if (error instanceof DomainError) throw new Error(error.message);
  throw error;
}

async function organizationBySlug(database: Database, slug: string) {
  const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, slug));
  if (!org) throw new Error(`No organization with the address "${slug}".`);
  return org;
}

export const COMMANDS: Record<string, Command> = {
  "db:migrate": {
    usage: "apply committed migrations",
    run: () => withDatabase(async (d) => ({ output: { migrated: true, database: d.kind } })),
  },
  "db:seed": {
    usage: "[--force] seed the demo organization when the database is empty",
    options: { force: { type: "boolean" } },
    run: (values) =>
      withDatabase(async (d) => {
        if (!(await isEmpty(d.db)) && !values.force) {
          const [existing] = await d.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORGANIZATION.slug));
          return { output: { seeded: false, reason: "database is not empty", demo: Boolean(existing), logins: existing ? demoLogins() : [] } };
        }
        const result = await seedDemo(d.db);
        return { output: { seeded: true, organization: result.slug, stores: result.storeIds.length, logins: demoLogins() } };
      }),
  },
  "user:create": {
    usage: "--email <email> --password <password> --name <name>",
    options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
    run: (values) =>
      withDatabase(async (d) => {
        const input = { email: required(values, "email"), password: required(values, "password"), name: required(values, "name") };
        const { signUpSchema } = await import("@/server/auth/service");
        const user = await createUser(d.db, signUpSchema.parse(input)).catch(explain);
        return { output: user };
      }).catch(explain),
  },
  "org:create": {
    usage: "--owner <email> --name <name> --kind agency|merchant [--slug <slug>]",
    options: { owner: { type: "string" }, name: { type: "string" }, kind: { type: "string" }, slug: { type: "string" } },
    run: (values) =>
      withDatabase(async (d) => {
        const email = required(values, "owner").trim().toLowerCase();
        const [owner] = await d.db.select().from(users).where(eq(users.email, email));
        if (!owner) throw new Error(`No user with the email ${email}. Create one with user:create first.`);
        const kind = z.enum(ORGANIZATION_KINDS).parse(required(values, "kind"));
        const org = await createOrganization(
          d.db,
          { name: required(values, "name"), kind, slug: typeof values.slug === "string" ? values.slug : undefined },
          { userId: owner.id, actor: { type: "system", label: "Recoup CLI" } },
        );
        return { output: { id: org.id, slug: org.slug, name: org.name, kind: org.kind } };
      }).catch(explain),
  },
  "store:create": {
    usage: "--org <slug> --name <name> --slug <slug> --currency <ISO> --country <ISO> --timezone <IANA> [--domain <shop domain>]",
    options: {
      org: { type: "string" },
      name: { type: "string" },
      slug: { type: "string" },
      currency: { type: "string" },
      country: { type: "string" },
      timezone: { type: "string" },
      domain: { type: "string" },
    },
    run: (values) =>
      withDatabase(async (d) => {
        const org = await organizationBySlug(d, required(values, "org"));
        const input = createStoreSchema.parse({
          name: required(values, "name"),
          slug: required(values, "slug"),
          currency: required(values, "currency"),
          country: required(values, "country"),
          timezone: required(values, "timezone"),
          shopDomain: typeof values.domain === "string" ? values.domain : undefined,
        });
        const store = await withTenant(d.db, org.id, async (tx) => {
          const membership = {
            organizationId: org.id,
            organizationSlug: org.slug,
            organizationName: org.name,
            organizationKind: org.kind,
            reportingCurrency: org.reportingCurrency,
            role: "owner" as const,
            storeIds: null,
          };
          return createStore(
            { tx, organizationId: org.id, membership, actor: { type: "system", label: "Recoup CLI" }, requestId: "cli", userId: "" },
            input,
          );
        });
        return { output: store };
      }).catch(explain),
  },
  "policy:publish": {
    usage: "--store <id> --settings <file.json> [--note <text>]  (a template exported from the builder, or full settings)",
    options: { store: { type: "string" }, settings: { type: "string" }, note: { type: "string" } },
    run: (values) =>
      withDatabase(async (d) => {
        const file = required(values, "settings");
        if (!existsSync(file)) throw new Error(`No file at ${file}.`);
        const store = await storeById(d, required(values, "store"));
        const note = typeof values.note === "string" ? values.note : undefined;
        return { output: await publishPolicyFromFile(d.db, store.id, readFileSync(file, "utf8"), { note }) };
      }).catch(explain),
  },
  "import:shopify": importCommand("shopify_orders"),
  "import:suppliers": importCommand("supplier_orders"),
  "report:loss": {
    usage: "--org <slug> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--store <id>]… [--format json|csv]  (store-local days; --store repeats or takes a comma list)",
    options: { org: { type: "string" }, from: { type: "string" }, to: { type: "string" }, store: { type: "string", multiple: true }, format: { type: "string" } },
    run: (values) =>
      withDatabase(async (d) => {
        const store = values.store;
        const result = await reportLoss(d.db, {
          org: required(values, "org"),
          from: required(values, "from"),
          to: required(values, "to"),
          stores: Array.isArray(store) ? store.map(String) : typeof store === "string" ? [store] : [],
          format: typeof values.format === "string" ? values.format : "json",
        });
        return "csv" in result ? { output: null, text: result.csv } : { output: result.json };
      }).catch(explain),
  },
  "audit:verify": {
    usage: "--org <slug>  (exit 0 when the chain is intact, 1 naming the first bad event)",
    options: { org: { type: "string" } },
    run: (values) =>
      withDatabase(async (d) => {
        const org = await organizationBySlug(d, required(values, "org"));
        const result = await verifyAuditChain(d.db, org.id);
        if (!result.ok) {
          process.stderr.write(
            `audit chain broken at event #${result.firstBad!.seq} (${result.firstBad!.id}): ${result.firstBad!.reason}\n`,
          );
        }
        return { output: { organization: org.slug, ...result }, exitCode: result.ok ? 0 : 1 };
      }),
  },
};

async function storeById(database: Database, storeId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(storeId)) throw new Error(`"${storeId}" is not a store id. Find ids under Settings → Stores.`);
  const [store] = await database.db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new Error(`No store with the id ${storeId}.`);
  return store;
}

function importCommand(kind: ImportKind): Command {
  return {
    usage: "--store <id> [--all-or-nothing] <file.csv>",
    options: { store: { type: "string" }, "all-or-nothing": { type: "boolean" } },
    run: (values, positionals) =>
      withDatabase(async (d) => {
        const file = positionals[0];
        if (!file) throw new Error("Give the CSV file to import.");
        if (!existsSync(file)) throw new Error(`No file at ${file}.`);
        const store = await storeById(d, required(values, "store"));
        const summary = await importFile(
          d.db,
          { organizationId: store.organizationId, storeId: store.id },
          kind,
          path.basename(file),
          readFileSync(file, "utf8"),
          { skipBadRows: !values["all-or-nothing"], actor: { type: "system", label: "Recoup CLI" } },
        );
        const importedNothing = summary.created + summary.updated === 0 && summary.errors.length > 0;
        return { output: summary, exitCode: importedNothing ? 1 : 0 };
      }).catch(explain),
  };
}

function demoLogins() {
  return DEMO_USERS.map((u) => ({ role: u.role, email: u.email, password: DEMO_PASSWORD }));
}
