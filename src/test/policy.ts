import { policySettingsSchema, POLICY_LANGUAGES, type PolicySettings, type PolicySettingsInput } from "@/lib/policy/settings";

/** A policy that uses every section, for tests (src/lib/policy and src/server/policies). */
export const FULL_SETTINGS_INPUT: PolicySettingsInput = {
  contactEmail: "help@lumen.example",
  contactPhone: "+1 555 0100",
  returnAddressKind: "po_box",
  returnAddress: "PO Box 4410\nPortland, OR 97208",
  cancellation: "hours",
  cancellationHours: 48,
  returnWindowDays: 30,
  acceptedReasons: ["not_as_described", "damaged", "wrong_size", "changed_mind", "not_delivered"],
  allSalesFinal: false,
  itemCondition: "new_with_tags",
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
  refundProcessingDays: 10,
  restockingFeePercent: 15,
  exchanges: "size",
  damagedReportDays: 7,
  damagedPhotosRequired: true,
  damagedResolution: "customer_choice",
  note: "Orders ship from our partner warehouse.\n\nGift wrapping is free.",
  languages: [...POLICY_LANGUAGES],
  defaultLanguage: "en",
};

export function settingsWith(patch: Partial<PolicySettingsInput> = {}): PolicySettings {
  return policySettingsSchema.parse({ ...FULL_SETTINGS_INPUT, ...patch });
}
