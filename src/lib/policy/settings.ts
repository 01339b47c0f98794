import { z } from "zod";
import { emailSchema } from "@/lib/validation";
import { RETURN_REASONS, type ReturnReason, type SupplierTerms } from "@/lib/supplier-terms";

/**
 * The structured settings of a store's refund and returns policy (SPEC §6). The published text is
 * written by us from these, per language: the merchant never supplies HTML, and the one free-text
 * field besides the contact details (the extra note) is rendered as escaped plain text.
 */

export const POLICY_LANGUAGES = ["en", "de", "pt", "zh", "ko"] as const;
export type PolicyLanguage = (typeof POLICY_LANGUAGES)[number];

export function isPolicyLanguage(value: string): value is PolicyLanguage {
  return (POLICY_LANGUAGES as readonly string[]).includes(value);
}

/** How the app's English UI names each language (the public page uses each language's own name). */
export const LANGUAGE_LABELS: Record<PolicyLanguage, string> = {
  en: "English",
  de: "German",
  pt: "Portuguese",
  zh: "Chinese (Simplified)",
  ko: "Korean",
};

export const CANCELLATION_WINDOWS = ["until_dispatch", "hours"] as const;
export const ITEM_CONDITIONS = ["new_with_tags", "unused", "as_received"] as const;
export const NON_RETURNABLE_ITEMS = ["personalised", "intimates", "beauty", "perishable", "gift_cards", "sale_items", "digital"] as const;
export const SHIPPING_PAYERS = ["store", "customer"] as const;
export const RETURN_ADDRESS_KINDS = ["none", "po_box", "address"] as const;
export const REFUND_METHODS = ["original_payment", "store_credit"] as const;
export const EXCHANGE_OPTIONS = ["none", "size", "same_price"] as const;
export const DAMAGE_RESOLUTIONS = ["refund", "replacement", "customer_choice"] as const;

export type CancellationWindow = (typeof CANCELLATION_WINDOWS)[number];
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];
export type NonReturnableItem = (typeof NON_RETURNABLE_ITEMS)[number];
export type ShippingPayer = (typeof SHIPPING_PAYERS)[number];
export type ReturnAddressKind = (typeof RETURN_ADDRESS_KINDS)[number];
export type RefundMethod = (typeof REFUND_METHODS)[number];
export type ExchangeOption = (typeof EXCHANGE_OPTIONS)[number];
export type DamageResolution = (typeof DAMAGE_RESOLUTIONS)[number];

/** Reasons where the fault lies with the shop, its supplier or the carrier, not with the customer. */
export const STORE_FAULT_REASONS: readonly ReturnReason[] = ["not_as_described", "damaged", "not_delivered"];

/** A missing parcel is refunded, never returned: it has no return window, shipping or condition. */
export function returnableReasons(reasons: readonly ReturnReason[]): ReturnReason[] {
  return reasons.filter((r) => r !== "not_delivered");
}

/** Keeps a list in its catalogue's order without duplicates, so equal settings serialise equally. */
function canonicalList<T extends string>(catalogue: readonly T[]) {
  return (values: T[]) => catalogue.filter((v) => values.includes(v));
}

/** A message for a wrong value, and a plain "missing" when there is none. */
const missingOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "is missing." : message);

const wholeNumber = (label: string, min: number, max: number, unit: string) =>
  z
    .number({ error: missingOr(`${label} must be a number of ${unit}.`) })
    .int(`${label} must be a whole number of ${unit}.`)
    .min(min, `${label} must be at least ${min} ${unit}.`)
    .max(max, `${label} can be at most ${max} ${unit}.`);

const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: missingOr(`${label} must be one of: ${values.join(", ")}.`) });

const plainText = (label: string, max: number) =>
  z
    .string({ error: missingOr(`${label} must be text.`) })
    .max(max, `${label} can be at most ${max} characters.`)
    .transform((s) => s.replace(/\r\n?/g, "\n").trim());

/** The fields a template carries: everything but a store's own contact details. */
export const policyTemplateShape = {
  cancellation: oneOf(CANCELLATION_WINDOWS, "The cancellation window"),
  cancellationHours: wholeNumber("The cancellation window", 1, 720, "hours"),
  returnWindowDays: wholeNumber("The return window", 1, 365, "days"),
  acceptedReasons: z.array(oneOf(RETURN_REASONS, "A return reason"), { error: missingOr("acceptedReasons must be a list of reasons.") }).transform(canonicalList(RETURN_REASONS)),
  allSalesFinal: z.boolean({ error: missingOr("allSalesFinal must be true or false.") }),
  itemCondition: oneOf(ITEM_CONDITIONS, "The item condition"),
  nonReturnable: z.array(oneOf(NON_RETURNABLE_ITEMS, "A non-returnable item"), { error: missingOr("nonReturnable must be a list of item kinds.") }).transform(canonicalList(NON_RETURNABLE_ITEMS)),
  returnShippingPaidBy: z.object(
    Object.fromEntries(RETURN_REASONS.map((r) => [r, oneOf(SHIPPING_PAYERS, "Who pays return shipping")])) as Record<
      ReturnReason,
      z.ZodEnum<{ store: "store"; customer: "customer" }>
    >,
    { error: missingOr("returnShippingPaidBy must say, for each reason, who pays: store or customer.") },
  ),
  refundMethod: oneOf(REFUND_METHODS, "The refund method"),
  refundProcessingDays: wholeNumber("The refund time", 1, 60, "business days"),
  restockingFeePercent: wholeNumber("The restocking fee", 0, 50, "percent"),
  exchanges: oneOf(EXCHANGE_OPTIONS, "Exchanges"),
  damagedReportDays: wholeNumber("The time to report damaged or wrong items", 1, 60, "days"),
  damagedPhotosRequired: z.boolean({ error: missingOr("damagedPhotosRequired must be true or false.") }),
  damagedResolution: oneOf(DAMAGE_RESOLUTIONS, "The resolution for damaged or wrong items"),
  note: plainText("The extra note", 2000),
  languages: z
    .array(oneOf(POLICY_LANGUAGES, "A language"), { error: missingOr("languages must be a list of language codes.") })
    .min(1, "Choose at least one language to publish.")
    .transform(canonicalList(POLICY_LANGUAGES)),
  defaultLanguage: oneOf(POLICY_LANGUAGES, "The default language"),
};

/** A store's own contact details: applying a template to a store never changes them. */
export const policyContactShape = {
  contactEmail: z.string({ error: missingOr("The contact email must be text.") }).pipe(emailSchema),
  contactPhone: plainText("The phone number", 60),
  returnAddressKind: oneOf(RETURN_ADDRESS_KINDS, "The return address"),
  returnAddress: plainText("The return address", 400),
};
export const CONTACT_FIELDS = Object.keys(policyContactShape) as (keyof typeof policyContactShape)[];

type Shape = typeof policyTemplateShape & typeof policyContactShape;

function checkSettings(value: { languages?: PolicyLanguage[]; defaultLanguage?: PolicyLanguage; returnAddressKind?: ReturnAddressKind; returnAddress?: string }, ctx: z.RefinementCtx) {
  if (value.languages && value.defaultLanguage && !value.languages.includes(value.defaultLanguage)) {
    ctx.addIssue({ code: "custom", path: ["defaultLanguage"], message: "The default language must be one of the published languages." });
  }
  if (value.returnAddressKind && value.returnAddressKind !== "none" && !value.returnAddress) {
    ctx.addIssue({
      code: "custom",
      path: ["returnAddress"],
      message: value.returnAddressKind === "po_box" ? "Enter the PO box address." : "Enter the return address.",
    });
  }
}

export const policySettingsObject = z.object({ ...policyContactShape, ...policyTemplateShape } satisfies Shape);
export const policySettingsSchema = policySettingsObject.superRefine(checkSettings);
export type PolicySettingsInput = z.input<typeof policySettingsSchema>;
export type PolicySettings = z.output<typeof policySettingsSchema>;

/** A template: the settings without contact details. Unknown keys are refused, so a typo is caught. */
export const policyTemplateSchema = z.strictObject(policyTemplateShape).superRefine(checkSettings);
export type PolicyTemplate = z.output<typeof policyTemplateSchema>;

/** Settings with optional contact details (a file for one store may carry them, or keep the store's). */
export const policySettingsFileSchema = z
  .strictObject({ ...policyTemplateShape, ...Object.fromEntries(CONTACT_FIELDS.map((k) => [k, policyContactShape[k].optional()])) } as typeof policyTemplateShape & {
    [K in keyof typeof policyContactShape]: z.ZodOptional<(typeof policyContactShape)[K]>;
  })
  .superRefine(checkSettings);
export type PolicySettingsFile = z.output<typeof policySettingsFileSchema>;

export type PolicyContact = Pick<PolicySettings, (typeof CONTACT_FIELDS)[number]>;

export function contactOf(settings: PolicySettings): PolicyContact {
  return {
    contactEmail: settings.contactEmail,
    contactPhone: settings.contactPhone,
    returnAddressKind: settings.returnAddressKind,
    returnAddress: settings.returnAddress,
  };
}

/** The settings (or a settings file) without the store's contact details. */
export function templateOf(settings: PolicySettings | PolicySettingsFile): PolicyTemplate {
  const template: Record<string, unknown> = { ...settings };
  for (const key of CONTACT_FIELDS) delete template[key];
  return template as PolicyTemplate;
}

export const TEMPLATE_FORMAT = "recoup-policy-template";

/** The JSON an agency exports from one store and applies to others. */
export function templateDocument(settings: PolicySettings) {
  return { format: TEMPLATE_FORMAT, version: 1, settings: templateOf(settings) };
}

/**
 * Defaults as close to the supplier's terms as possible (SPEC §1: the closer the shop's policy is to
 * its supplier's, the smaller its losses): the supplier's accepted reasons, its refund time.
 */
export function defaultPolicySettings(terms: SupplierTerms): PolicySettings {
  return {
    contactEmail: "",
    contactPhone: "",
    returnAddressKind: "none",
    returnAddress: "",
    cancellation: terms.cancellationUntilDispatch ? "until_dispatch" : "hours",
    cancellationHours: 24,
    returnWindowDays: 30,
    acceptedReasons: canonicalList(RETURN_REASONS)([...terms.acceptedReturnReasons]),
    allSalesFinal: true,
    itemCondition: "unused",
    nonReturnable: ["personalised", "gift_cards"],
    returnShippingPaidBy: {
      not_as_described: "store",
      damaged: "store",
      wrong_size: "customer",
      changed_mind: "customer",
      not_delivered: "store",
      other: "customer",
    },
    refundMethod: "original_payment",
    refundProcessingDays: Math.max(1, terms.refundMaxBusinessDays),
    restockingFeePercent: 0,
    exchanges: "none",
    damagedReportDays: 7,
    damagedPhotosRequired: true,
    damagedResolution: "customer_choice",
    note: "",
    languages: ["en"],
    defaultLanguage: "en",
  };
}

/**
 * Settings from a value that may not be valid as a whole: each field that is valid on its own is
 * kept, every other one comes from `fallback`. The builder previews half-typed settings this way.
 */
export function mergeValidFields(value: unknown, fallback: PolicySettings): PolicySettings {
  const parsed = policySettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const given = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...fallback };
  for (const key of Object.keys(fallback) as (keyof PolicySettings)[]) {
    const field = policySettingsObject.shape[key].safeParse(given[key]);
    if (field.success) merged[key] = field.data;
  }
  const languages = merged.languages as PolicyLanguage[];
  if (!languages.includes(merged.defaultLanguage as PolicyLanguage)) merged.defaultLanguage = languages[0];
  return merged as PolicySettings;
}

/** Reads stored settings; an older or damaged shape is filled in from the defaults, so a draft is never lost. */
export function readStoredSettings(value: unknown, terms: SupplierTerms): PolicySettings {
  return mergeValidFields(value, defaultPolicySettings(terms));
}

/** Stable JSON of settings, for "has anything changed" checks. */
export function settingsKey(settings: PolicySettings): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
    }
    return value;
  };
  return JSON.stringify(sorted(settings));
}

/** Zod issues as sentences that name the field: `returnShippingPaidBy.changed_mind: …`. */
export function describeIssues(error: z.ZodError, prefix = ""): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    let message = issue.message;
    if (issue.code === "unrecognized_keys") message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: check the spelling.`;
    return path ? `${path}: ${message}` : message;
  });
}
