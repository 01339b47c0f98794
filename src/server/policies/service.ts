import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { policies, policyVersions, stores } from "../db/schema";
import { recordAudit } from "../audit/record";
import { conflict, invalid, notFound, precondition } from "../errors";
import { dayNumberOf, localDateOf } from "../deadlines/local-time";
import type { TenantContext } from "../tenancy/context";
import { getStore, listStores, visibleStoresFilter } from "../tenancy/stores";
import { storeLossByReason } from "./loss";
import { describeSettingsChanges, diffBlocks, htmlToTextBlocks, type DiffLine } from "@/lib/policy/diff";
import { renderAllLanguages, type RenderedPolicy } from "@/lib/policy/render";
import {
  contactOf,
  defaultPolicySettings,
  policySettingsSchema,
  policyTemplateSchema,
  readStoredSettings,
  settingsKey,
  type PolicyLanguage,
  type PolicySettings,
} from "@/lib/policy/settings";
import { lossFor, policyWarnings } from "@/lib/policy/warnings";
import { supplierTermsSchema, type SupplierTerms } from "@/lib/supplier-terms";

type Ctx = Pick<TenantContext, "tx" | "organizationId" | "membership">;
type Store = Awaited<ReturnType<typeof getStore>>;
type PolicyRow = typeof policies.$inferSelect;

/** Where the store's published policy lives: /p/<organization>/<store>/refund-policy. */
export function publicPolicyPath(organizationSlug: string, storeSlug: string, lang?: PolicyLanguage): string {
  return `/p/${organizationSlug}/${storeSlug}/refund-policy${lang ? `/${lang}` : ""}`;
}

async function policyRow(ctx: Ctx, storeId: string, lock = false): Promise<PolicyRow | undefined> {
  const query = ctx.tx
    .select()
    .from(policies)
    .where(and(eq(policies.organizationId, ctx.organizationId), eq(policies.storeId, storeId)));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

async function versionRow(ctx: Ctx, storeId: string, number: number) {
  const [row] = await ctx.tx
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, ctx.organizationId), eq(policyVersions.storeId, storeId), eq(policyVersions.number, number)));
  return row;
}

function draftOf(row: PolicyRow | undefined, terms: SupplierTerms): PolicySettings {
  return row ? readStoredSettings(row.draftSettings, terms) : defaultPolicySettings(terms);
}

function publishedSummary(row: typeof policyVersions.$inferSelect, terms: SupplierTerms) {
  return {
    id: row.id,
    number: row.number,
    settings: readStoredSettings(row.settings, terms),
    languages: row.languages as PolicyLanguage[],
    defaultLanguage: row.defaultLanguage as PolicyLanguage,
    effectiveDate: row.effectiveDate,
    publishedAt: row.publishedAt,
    publishedByLabel: row.publishedByLabel,
    note: row.note,
  };
}

// Reads -------------------------------------------------------------------------------------------

/** The stores the caller may see, each with where its policy stands. */
export async function listPolicies(ctx: Ctx) {
  const visible = await listStores(ctx);
  if (!visible.length) return [];
  const ids = visible.map((s) => s.id);
  const rows = await ctx.tx
    .select()
    .from(policies)
    .where(and(eq(policies.organizationId, ctx.organizationId), inArray(policies.storeId, ids)));
  const latest = await ctx.tx
    .select({
      storeId: policyVersions.storeId,
      number: policyVersions.number,
      settings: policyVersions.settings,
      effectiveDate: policyVersions.effectiveDate,
      publishedAt: policyVersions.publishedAt,
      publishedByLabel: policyVersions.publishedByLabel,
      languages: policyVersions.languages,
    })
    .from(policyVersions)
    .innerJoin(
      policies,
      and(eq(policies.organizationId, policyVersions.organizationId), eq(policies.id, policyVersions.policyId), eq(policies.publishedVersion, policyVersions.number)),
    )
    .where(and(eq(policyVersions.organizationId, ctx.organizationId), inArray(policyVersions.storeId, ids)));
  const rowByStore = new Map(rows.map((r) => [r.storeId, r]));
  const latestByStore = new Map(latest.map((v) => [v.storeId, v]));
  return visible.map((store) => {
    const row = rowByStore.get(store.id);
    const published = latestByStore.get(store.id);
    const draft = draftOf(row, store.supplierTerms);
    const changed = Boolean(row && (!published || settingsKey(draft) !== settingsKey(readStoredSettings(published.settings, store.supplierTerms))));
    return {
      storeId: store.id,
      storeName: store.name,
      storeSlug: store.slug,
      currency: store.currency,
      version: row?.version ?? 0,
      hasContact: Boolean(row && draft.contactEmail),
      status: !published ? ("unpublished" as const) : changed ? ("changed" as const) : ("published" as const),
      hasDraft: Boolean(row),
      published: published
        ? {
            number: published.number,
            effectiveDate: published.effectiveDate,
            publishedAt: published.publishedAt,
            publishedByLabel: published.publishedByLabel,
            languages: published.languages as PolicyLanguage[],
          }
        : null,
      warnings: policyWarnings(draft, store.supplierTerms).length,
      publicPath: publicPolicyPath(ctx.membership.organizationSlug, store.slug),
    };
  });
}

/** One store's policy for the builder: its draft, the latest published version, warnings and their cost. */
export async function getPolicy(ctx: Ctx, storeId: string, now = new Date()) {
  const store = await getStore(ctx, storeId);
  const row = await policyRow(ctx, store.id);
  const latest = row?.publishedVersion ? await versionRow(ctx, store.id, row.publishedVersion) : undefined;
  const draft = draftOf(row, store.supplierTerms);
  const published = latest ? publishedSummary(latest, store.supplierTerms) : null;
  const loss = await storeLossByReason(ctx.tx, ctx.organizationId, store, now);
  return {
    store: {
      id: store.id,
      name: store.name,
      slug: store.slug,
      currency: store.currency,
      timezone: store.timezone,
      supplierTerms: store.supplierTerms,
    },
    publicPath: publicPolicyPath(ctx.membership.organizationSlug, store.slug),
    today: localDateOf(now, store.timezone),
    version: row?.version ?? 0,
    draft,
    draftUpdatedAt: row?.draftUpdatedAt ?? null,
    hasDraft: Boolean(row),
    hasUnpublishedChanges: Boolean(row) && (!published || settingsKey(draft) !== settingsKey(published.settings)),
    published,
    loss,
    warnings: policyWarnings(draft, store.supplierTerms).map((w) => ({ ...w, loss: lossFor(w.lossReasons, loss.byReason) })),
  };
}

/** Every published version of a store's policy, newest first, each with what it changed. */
export async function listVersions(ctx: Ctx, storeId: string) {
  const store = await getStore(ctx, storeId);
  const rows = await ctx.tx
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, ctx.organizationId), eq(policyVersions.storeId, store.id)))
    .orderBy(desc(policyVersions.number))
    .limit(200);
  const summaries = rows.map((r) => publishedSummary(r, store.supplierTerms));
  return summaries.map((v, i) => {
    const previous = summaries[i + 1];
    return { ...v, changes: previous && previous.number === v.number - 1 ? describeSettingsChanges(previous.settings, v.settings) : null };
  });
}

export const compareSchema = z.object({ storeId: z.uuid(), number: z.number().int().positive() });

/** Version `number` against the one before it: the settings in words and the text of each language. */
export async function compareVersions(ctx: Ctx, input: z.infer<typeof compareSchema>) {
  const store = await getStore(ctx, input.storeId);
  const current = await versionRow(ctx, store.id, input.number);
  if (!current) throw notFound("Policy version");
  const previous = input.number > 1 ? await versionRow(ctx, store.id, input.number - 1) : undefined;
  const after = readStoredSettings(current.settings, store.supplierTerms);
  const before = previous ? readStoredSettings(previous.settings, store.supplierTerms) : null;
  const renderedAfter = current.rendered as Record<string, RenderedPolicy>;
  const renderedBefore = (previous?.rendered ?? {}) as Record<string, RenderedPolicy>;
  const languages = [...new Set([...(previous?.languages ?? []), ...current.languages])] as PolicyLanguage[];
  const text: { lang: PolicyLanguage; lines: DiffLine[] }[] = languages.map((lang) => ({
    lang,
    lines: diffBlocks(htmlToTextBlocks(renderedBefore[lang]?.html ?? ""), htmlToTextBlocks(renderedAfter[lang]?.html ?? "")),
  }));
  return {
    number: current.number,
    previousNumber: previous?.number ?? null,
    changes: before ? describeSettingsChanges(before, after) : [],
    text,
  };
}

// Writes ------------------------------------------------------------------------------------------

const versionField = z.number().int().min(0);

export const saveDraftSchema = z.object({ storeId: z.uuid(), version: versionField, settings: policySettingsSchema });

function checkVersion(row: PolicyRow | undefined, version: number, store: Store) {
  const current = row?.version ?? 0;
  if (current !== version) {
    throw conflict(`Someone else changed the policy of ${store.name} since you opened it. Reload to see their changes, then try again.`);
  }
}

async function writeDraft(ctx: TenantContext, store: Store, row: PolicyRow | undefined, settings: PolicySettings): Promise<PolicyRow> {
  if (!row) {
    const [created] = await ctx.tx
      .insert(policies)
      .values({ organizationId: ctx.organizationId, storeId: store.id, draftSettings: settings, draftUpdatedBy: ctx.userId || null, version: 1 })
      .returning();
    return created!;
  }
  const [updated] = await ctx.tx
    .update(policies)
    .set({ draftSettings: settings, draftUpdatedAt: new Date(), draftUpdatedBy: ctx.userId || null, version: sql`${policies.version} + 1` })
    .where(and(eq(policies.organizationId, ctx.organizationId), eq(policies.id, row.id)))
    .returning();
  return updated!;
}

/** Saves the draft. Saving what is already saved changes nothing and writes no event. */
export async function saveDraft(ctx: TenantContext, input: z.infer<typeof saveDraftSchema>) {
  const store = await getStore(ctx, input.storeId);
  const row = await policyRow(ctx, store.id, true);
  checkVersion(row, input.version, store);
  const before = draftOf(row, store.supplierTerms);
  if (row && settingsKey(before) === settingsKey(input.settings)) return { version: row.version, changed: false };
  const saved = await writeDraft(ctx, store, row, input.settings);
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: store.id,
    actor: ctx.actor,
    action: "policy.draft_saved",
    entityId: saved.id,
    after: { storeName: store.name, changes: row ? describeSettingsChanges(before, input.settings) : [], settings: input.settings },
    requestId: ctx.requestId,
  });
  return { version: saved.version, changed: true };
}

export const publishSchema = z.object({
  storeId: z.uuid(),
  version: versionField,
  settings: policySettingsSchema,
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
  /** Store-local calendar date; today when absent. */
  effectiveDate: z.iso.date("Use a date like 2026-03-01.").optional(),
});

interface Published {
  row: PolicyRow;
  version: typeof policyVersions.$inferSelect;
  changes: string[];
}

/** Writes the draft and a new immutable version, and points the policy at it. No audit event: callers write theirs. */
async function publishVersion(
  ctx: TenantContext,
  store: Store,
  row: PolicyRow | undefined,
  settings: PolicySettings,
  options: { note?: string; effectiveDate?: string; now: Date },
): Promise<Published> {
  const latest = row?.publishedVersion ? await versionRow(ctx, store.id, row.publishedVersion) : undefined;
  const latestSettings = latest ? readStoredSettings(latest.settings, store.supplierTerms) : null;
  if (latest && latestSettings && settingsKey(latestSettings) === settingsKey(settings)) {
    throw precondition(`Nothing has changed since version ${latest.number}, which is already published. Change a setting first.`);
  }
  const today = localDateOf(options.now, store.timezone);
  const effectiveDate = options.effectiveDate ?? today;
  if (effectiveDate < today) throw invalid(`The effective date cannot be in the past (today is ${today} in ${store.timezone}).`);
  if (dayNumberOf(effectiveDate) - dayNumberOf(today) > 365) throw invalid("Choose an effective date within the next year.");
  const saved = await writeDraft(ctx, store, row, settings);
  const number = (row?.publishedVersion ?? 0) + 1;
  const [version] = await ctx.tx
    .insert(policyVersions)
    .values({
      organizationId: ctx.organizationId,
      storeId: store.id,
      policyId: saved.id,
      number,
      settings,
      languages: settings.languages,
      defaultLanguage: settings.defaultLanguage,
      rendered: renderAllLanguages(settings, { shopName: store.name }),
      effectiveDate,
      publishedBy: ctx.userId || null,
      publishedByLabel: ctx.actor.label ?? "Recoup",
      note: options.note || null,
    })
    .returning();
  const [pointed] = await ctx.tx
    .update(policies)
    .set({ publishedVersion: number })
    .where(and(eq(policies.organizationId, ctx.organizationId), eq(policies.id, saved.id)))
    .returning();
  return { row: pointed!, version: version!, changes: latestSettings ? describeSettingsChanges(latestSettings, settings) : [] };
}

/** Publishes the settings as the next version: the public page shows it from now on. */
export async function publishPolicy(ctx: TenantContext, input: z.infer<typeof publishSchema>, now = new Date()) {
  const store = await getStore(ctx, input.storeId);
  const row = await policyRow(ctx, store.id, true);
  checkVersion(row, input.version, store);
  const result = await publishVersion(ctx, store, row, input.settings, { note: input.note, effectiveDate: input.effectiveDate, now });
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: store.id,
    actor: ctx.actor,
    action: "policy.published",
    entityId: result.row.id,
    after: {
      storeName: store.name,
      number: result.version.number,
      languages: result.version.languages,
      defaultLanguage: result.version.defaultLanguage,
      effectiveDate: result.version.effectiveDate,
      note: result.version.note,
      changes: result.changes,
      settings: input.settings,
    },
    requestId: ctx.requestId,
  });
  return {
    version: result.row.version,
    number: result.version.number,
    effectiveDate: result.version.effectiveDate,
    publicPath: publicPolicyPath(ctx.membership.organizationSlug, store.slug),
  };
}

export const applyTemplateSchema = z.object({
  template: policyTemplateSchema,
  stores: z
    .array(z.object({ storeId: z.uuid(), version: versionField }))
    .min(1, "Choose at least one store.")
    .max(200, "Apply a template to at most 200 stores at once.")
    .refine((list) => new Set(list.map((s) => s.storeId)).size === list.length, "A store is listed twice."),
  publish: z.boolean(),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
});

/**
 * An agency's template applied to many stores in one transaction: each store keeps its own contact
 * details and return address. All or nothing: one store that cannot take it stops the whole run.
 */
export async function applyTemplate(ctx: TenantContext, input: z.infer<typeof applyTemplateSchema>, now = new Date()) {
  const results: { storeId: string; storeName: string; outcome: "published" | "draft_saved" | "unchanged"; number: number | null }[] = [];
  for (const target of input.stores) {
    const store = await getStore(ctx, target.storeId);
    const row = await policyRow(ctx, store.id, true);
    checkVersion(row, target.version, store);
    const current = draftOf(row, store.supplierTerms);
    if (!row || !current.contactEmail) {
      throw precondition(`${store.name} has no contact email yet. Open its policy, add one and save, then apply the template again.`);
    }
    const parsed = policySettingsSchema.safeParse({ ...input.template, ...contactOf(current) });
    if (!parsed.success) throw invalid(`${store.name}: ${parsed.error.issues[0]?.message ?? "the template does not fit this store."}`);
    const settings = parsed.data;
    const latest = row.publishedVersion ? await versionRow(ctx, store.id, row.publishedVersion) : undefined;
    const sameAsPublished = latest && settingsKey(readStoredSettings(latest.settings, store.supplierTerms)) === settingsKey(settings);
    const sameAsDraft = settingsKey(current) === settingsKey(settings);
    if (input.publish ? sameAsPublished && sameAsDraft : sameAsDraft) {
      results.push({ storeId: store.id, storeName: store.name, outcome: "unchanged", number: null });
      continue;
    }
    let entityId: string;
    let number: number | null = null;
    if (input.publish && !sameAsPublished) {
      const published = await publishVersion(ctx, store, row, settings, { note: input.note, now });
      entityId = published.row.id;
      number = published.version.number;
    } else {
      entityId = (await writeDraft(ctx, store, row, settings)).id;
    }
    await recordAudit(ctx.tx, {
      organizationId: ctx.organizationId,
      storeId: store.id,
      actor: ctx.actor,
      action: "policy.template_applied",
      entityId,
      after: { storeName: store.name, outcome: number ? `published as version ${number}` : "saved as a draft", number, changes: describeSettingsChanges(current, settings) },
      requestId: ctx.requestId,
    });
    results.push({ storeId: store.id, storeName: store.name, outcome: number ? "published" : "draft_saved", number });
  }
  return { results };
}

export const saveSupplierTermsSchema = z.object({
  storeId: z.uuid(),
  terms: supplierTermsSchema.refine((t) => t.refundMinBusinessDays <= t.refundMaxBusinessDays, {
    message: "The shortest refund time cannot be longer than the longest.",
    path: ["refundMinBusinessDays"],
  }),
  /** The terms the screen showed: if someone changed them meanwhile, nothing is overwritten. */
  previous: supplierTermsSchema,
});

/** The supplier's terms that the policy is checked against (stores.supplier_terms). */
export async function saveSupplierTerms(ctx: TenantContext, input: z.infer<typeof saveSupplierTermsSchema>) {
  const [store] = await ctx.tx
    .select()
    .from(stores)
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, input.storeId), visibleStoresFilter(ctx.membership)))
    .for("update");
  if (!store) throw notFound("Store");
  const key = (t: SupplierTerms) => JSON.stringify(Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b))));
  if (key(store.supplierTerms) !== key(input.previous)) {
    throw conflict(`Someone else changed the supplier terms of ${store.name} since you opened them. Reload and try again.`);
  }
  if (key(store.supplierTerms) === key(input.terms)) return { changed: false, supplierTerms: store.supplierTerms };
  await ctx.tx
    .update(stores)
    .set({ supplierTerms: input.terms })
    .where(and(eq(stores.organizationId, ctx.organizationId), eq(stores.id, store.id)));
  await recordAudit(ctx.tx, {
    organizationId: ctx.organizationId,
    storeId: store.id,
    actor: ctx.actor,
    action: "store.supplier_terms_updated",
    entityId: store.id,
    before: { name: store.name, supplierTerms: store.supplierTerms },
    after: { name: store.name, supplierTerms: input.terms },
    requestId: ctx.requestId,
  });
  return { changed: true, supplierTerms: input.terms };
}
