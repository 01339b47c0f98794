import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { organizations, stores } from "../db/schema";
import { withTenant } from "../db/tenant";
import { DomainError } from "../errors";
import type { TenantContext } from "../tenancy/context";
import { getPolicy, publishPolicy } from "./service";
import { parsePolicyFile } from "@/lib/policy/file";
import { contactOf, describeIssues, policySettingsSchema } from "@/lib/policy/settings";

export { parsePolicyFile };

/**
 * `policy:publish`: validates the file, keeps the store's contact details unless the file gives
 * them, and publishes through the same service the builder uses (audit event included).
 */
export async function publishPolicyFromFile(db: Db, storeId: string, text: string, options: { note?: string } = {}) {
  const file = parsePolicyFile(text);
  if (!file.ok) throw new Error(`The settings file has ${file.errors.length === 1 ? "a problem" : `${file.errors.length} problems`}:\n  ${file.errors.join("\n  ")}`);
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new Error(`No store with the id ${storeId}.`);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, store.organizationId));
  return withTenant(db, org!.id, async (tx) => {
    const ctx: TenantContext = {
      tx,
      organizationId: org!.id,
      membership: {
        organizationId: org!.id,
        organizationSlug: org!.slug,
        organizationName: org!.name,
        organizationKind: org!.kind,
        reportingCurrency: org!.reportingCurrency,
        role: "owner",
        storeIds: null,
      },
      actor: { type: "system", label: "Recoup CLI" },
      requestId: "cli",
      userId: "",
    };
    const current = await getPolicy(ctx, store.id);
    const merged = { ...contactOf(current.draft), ...Object.fromEntries(Object.entries(file.settings).filter(([, v]) => v !== undefined)) };
    const settings = policySettingsSchema.safeParse(merged);
    if (!settings.success) {
      const missingEmail = !merged.contactEmail;
      throw new DomainError(
        "INVALID",
        missingEmail
          ? `contactEmail: ${store.name} has no contact email yet; add "contactEmail" to the file.`
          : describeIssues(settings.error).join("\n  "),
      );
    }
    const published = await publishPolicy(ctx, { storeId: store.id, version: current.version, settings: settings.data, note: options.note });
    const after = await getPolicy(ctx, store.id);
    return {
      store: { id: store.id, name: store.name },
      number: published.number,
      effectiveDate: published.effectiveDate,
      publicPath: published.publicPath,
      languages: settings.data.languages,
      warnings: after.warnings.map((w) => w.title),
    };
  });
}
