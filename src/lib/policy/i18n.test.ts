/**
 * Each language is written on its own, never left in English: no English sentence, and no English
 * word, of the English page shows up in the German, Portuguese, Chinese or Korean page made from the
 * same settings. The settings vary so that every phrase of every template is rendered.
 */
import { describe, expect, it } from "vitest";
import { settingsWith } from "@/test/policy";
import { PHRASES, type PolicyPhrases } from "./i18n";
import { buildPolicyDocument, type PolicyDocument } from "./render";
import { type PolicyLanguage, type PolicySettingsInput } from "./settings";

const SHOP = "Lumen Home";

/** Settings that, between them, use every option of every setting. */
const VARIANTS: Partial<PolicySettingsInput>[] = [
  {},
  { cancellation: "until_dispatch", allSalesFinal: true, itemCondition: "unused", refundMethod: "store_credit", exchanges: "none", restockingFeePercent: 0 },
  { itemCondition: "as_received", exchanges: "same_price", damagedResolution: "refund", returnAddressKind: "address", returnAddress: "12 Harbour Road" },
  { damagedResolution: "replacement", damagedPhotosRequired: false, returnAddressKind: "none", returnAddress: "" },
  { acceptedReasons: ["changed_mind", "wrong_size", "other"], nonReturnable: ["intimates", "beauty", "perishable", "sale_items", "digital"] },
  { acceptedReasons: [], exchanges: "none" },
  { cancellationHours: 1, returnWindowDays: 1, refundProcessingDays: 1, damagedReportDays: 1 },
];

/** Values that come from the settings and the store, not from a template: the same in every language. */
const DATA = [SHOP, "help@lumen.example", "+1 555 0100", "PO Box 4410", "Portland, OR 97208", "12 Harbour Road", "Orders ship from our partner warehouse.", "Gift wrapping is free."];

function texts(doc: PolicyDocument): string[] {
  const blocks = doc.sections.flatMap((s) => [
    s.heading,
    ...s.blocks.flatMap((b) => (b.kind === "p" ? [b.parts.map((p) => p.text).join("")] : b.kind === "ul" ? b.items : b.lines)),
  ]);
  return [doc.title, doc.intro, ...blocks].map((text) => DATA.reduce((t, value) => t.replaceAll(value, " "), text));
}

function render(lang: PolicyLanguage): string[] {
  const t = PHRASES[lang];
  return [
    ...VARIANTS.flatMap((patch) => texts(buildPolicyDocument(settingsWith(patch), lang, { shopName: SHOP }))),
    t.effectiveFrom("2026-03-01"),
    t.languagesLabel,
    t.notFound.title,
    t.notFound.body,
  ];
}

const words = (text: string) => text.toLowerCase().match(/\p{L}+/gu) ?? [];
const ENGLISH = render("en");
const ENGLISH_WORDS = new Set(ENGLISH.flatMap(words).filter((w) => w.length >= 3));

/** Words spelled as in English that are ordinary words of the language itself ("Ihre Bank", "embalagem original"). */
const SHARED_WORDS: Record<"de" | "pt", string[]> = { de: ["bank"], pt: ["original"] };

describe.each(["de", "pt", "zh", "ko"] as const)("%s has no untranslated English", (lang) => {
  const output = render(lang);

  it("renders every variant", () => {
    expect(output.length).toBeGreaterThan(100);
  });

  it("contains no sentence, heading or list item of the English page", () => {
    const english = new Set(ENGLISH.map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 2));
    const leaked = output.filter((s) => english.has(s.trim()));
    expect(leaked).toEqual([]);
    // Nor any English sentence inside a longer text.
    const joined = output.join("\n");
    expect([...english].filter((s) => s.length > 12 && joined.includes(s))).toEqual([]);
  });

  if (lang === "zh" || lang === "ko") {
    it("contains no Latin-script word at all outside the merchant's own data", () => {
      expect(output.flatMap((s) => s.match(/[A-Za-z]{2,}/g) ?? [])).toEqual([]);
    });
  } else {
    it("contains no English word of the English page", () => {
      const found = [...new Set(output.flatMap(words))].filter((w) => ENGLISH_WORDS.has(w) && !SHARED_WORDS[lang].includes(w));
      expect(found).toEqual([]);
    });
  }

  it("has its own text for every phrase of the English template", () => {
    const leaves = (value: unknown, path = ""): [string, string][] => {
      if (typeof value === "string") return [[path, value]];
      if (typeof value === "function") {
        const sample = (value as (x: unknown) => unknown)(path.endsWith("fee") ? "15%" : path.match(/title|intro/) ? SHOP : 7);
        return typeof sample === "string" ? [[path, sample]] : [];
      }
      if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
      return [];
    };
    const own = new Map(leaves(PHRASES[lang]));
    const untranslated = leaves(PHRASES.en satisfies PolicyPhrases)
      .filter(([path]) => !["lang", "locale", "htmlLang", "name"].includes(path))
      .filter(([path, english]) => own.get(path) === english || !own.get(path));
    expect(untranslated).toEqual([]);
  });
});
