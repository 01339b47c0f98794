import type { TenantContext } from "../tenancy/context";
import { getPolicy, publishPolicy } from "../policies/service";
import { POLICY_LANGUAGES, policySettingsSchema, type PolicyLanguage, type PolicySettingsInput } from "@/lib/policy/settings";

type DemoPolicy = { slug: string; defaultLanguage: PolicyLanguage; settings: Partial<PolicySettingsInput> };

/**
 * One published policy per demo store, in all five languages. Lumen Home promises 30-day returns
 * for a change of mind, which its supplier (AliExpress) refuses: the builder opens on that warning
 * and on what change-of-mind refunds cost the store in the demo ledger.
 */
const DEMO_POLICIES: DemoPolicy[] = [
  {
    slug: "lumen-home",
    defaultLanguage: "en",
    settings: {
      contactEmail: "care@lumen-home.example",
      contactPhone: "+1 503 555 0142",
      returnAddressKind: "po_box",
      returnAddress: "Lumen Home Returns\nPO Box 4410\nPortland, OR 97208\nUnited States",
      acceptedReasons: ["not_as_described", "damaged", "changed_mind", "not_delivered"],
      allSalesFinal: false,
      returnWindowDays: 30,
      itemCondition: "unused",
      nonReturnable: ["personalised", "gift_cards"],
      restockingFeePercent: 0,
      exchanges: "same_price",
    },
  },
  {
    slug: "kleidwerk",
    defaultLanguage: "de",
    settings: {
      contactEmail: "service@kleidwerk.example",
      acceptedReasons: ["not_as_described", "damaged", "not_delivered"],
      allSalesFinal: true,
      returnWindowDays: 14,
      itemCondition: "new_with_tags",
      nonReturnable: ["intimates", "personalised"],
      exchanges: "size",
    },
  },
  {
    slug: "seoul-select",
    defaultLanguage: "ko",
    settings: {
      contactEmail: "hello@seoul-select.example",
      acceptedReasons: ["not_as_described", "damaged", "not_delivered"],
      allSalesFinal: true,
      returnWindowDays: 7,
      itemCondition: "unused",
      nonReturnable: ["beauty", "gift_cards"],
      refundMethod: "original_payment",
      damagedReportDays: 3,
    },
  },
];

/** Publishes the demo policies through the same service as the builder (audit events included). */
export async function seedStorePolicies(ctx: TenantContext, stores: { id: string; slug: string }[]) {
  for (const demo of DEMO_POLICIES) {
    const store = stores.find((s) => s.slug === demo.slug);
    if (!store) continue;
    const current = await getPolicy(ctx, store.id);
    const settings = policySettingsSchema.parse({
      ...current.draft,
      ...demo.settings,
      languages: [...POLICY_LANGUAGES],
      defaultLanguage: demo.defaultLanguage,
    });
    await publishPolicy(ctx, { storeId: store.id, version: current.version, settings, note: "First published policy." });
  }
}
