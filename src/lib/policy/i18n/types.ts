import type { ReturnReason } from "@/lib/supplier-terms";
import type { DamageResolution, ExchangeOption, ItemCondition, NonReturnableItem, PolicyLanguage, RefundMethod } from "../settings";

export const POLICY_SECTION_IDS = [
  "cancellation",
  "returns",
  "condition",
  "nonReturnable",
  "returnShipping",
  "howToReturn",
  "refunds",
  "restockingFee",
  "exchanges",
  "damaged",
  "contact",
  "note",
] as const;
export type PolicySectionId = (typeof POLICY_SECTION_IDS)[number];

/**
 * Everything a policy page says, in one language. Each language is written on its own from the same
 * settings; nothing is translated by machine. `{email}` marks where the contact address goes (it
 * becomes a link); every other value is passed in and escaped with the sentence around it.
 */
export interface PolicyPhrases {
  lang: PolicyLanguage;
  /** For Intl (dates, percentages). */
  locale: string;
  /** The document's `lang` attribute. */
  htmlLang: string;
  /** The language's own name, for the language links. */
  name: string;
  title(shop: string): string;
  intro(shop: string): string;
  effectiveFrom(date: string): string;
  languagesLabel: string;
  headings: Record<PolicySectionId, string>;
  cancellation: {
    untilDispatch: string;
    afterDispatch: string;
    withinHours(hours: number): string;
    afterHours: string;
    howTo: string;
    refund: string;
  };
  returns: {
    noReturns: string;
    finalExcept: string;
    acceptedFor: string;
    reasons: Record<ReturnReason, string>;
    window(days: number): string;
  };
  condition: Record<ItemCondition, string>;
  faultyException: string;
  nonReturnable: { intro: string; items: Record<NonReturnableItem, string> };
  shipping: { store: string; customer: string };
  howToReturn: { none: string; noneWait: string; po_box: string; address: string; orderNumber: string };
  refunds: Record<RefundMethod, string> & { processing(days: number): string; bankDelay: string };
  restocking: { none: string; fee(percent: string): string };
  exchanges: Record<ExchangeOption, string> & { returnInstead: string; howTo: string };
  damaged: {
    report(days: number): string;
    photos: string;
    resolution: Record<DamageResolution, string>;
    otherwise: string;
    missing: string;
  };
  contact: { email: string; phone(phone: string): string };
  notFound: { title: string; body: string };
}
