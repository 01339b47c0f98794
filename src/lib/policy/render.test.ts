/**
 * Every section of the page follows its settings, in every language: each test changes one setting
 * and checks that the section it belongs to says what that language's text says for it.
 */
import { describe, expect, it } from "vitest";
import { RETURN_REASONS } from "@/lib/supplier-terms";
import { settingsWith } from "@/test/policy";
import { PHRASES, type PolicySectionId } from "./i18n";
import { buildPolicyDocument, documentToHtml, formatPercent, type PolicyDocument } from "./render";
import {
  DAMAGE_RESOLUTIONS,
  EXCHANGE_OPTIONS,
  ITEM_CONDITIONS,
  NON_RETURNABLE_ITEMS,
  POLICY_LANGUAGES,
  REFUND_METHODS,
  type PolicySettings,
  type PolicySettingsInput,
} from "./settings";

const SHOP = "Lumen Home";

function render(lang: (typeof POLICY_LANGUAGES)[number], patch: Partial<PolicySettingsInput> = {}) {
  return buildPolicyDocument(settingsWith(patch), lang, { shopName: SHOP });
}

/** The text of one section (every paragraph, list item and address line), or null when it is absent. */
function section(doc: PolicyDocument, id: PolicySectionId): string | null {
  const found = doc.sections.find((s) => s.id === id);
  if (!found) return null;
  return found.blocks
    .map((b) => (b.kind === "p" ? b.parts.map((x) => x.text).join("") : b.kind === "ul" ? b.items.join("\n") : b.lines.join("\n")))
    .join("\n");
}
const withEmail = (template: string, settings: PolicySettings) => template.replace("{email}", settings.contactEmail);
const sectionIds = (doc: PolicyDocument) => doc.sections.map((s) => s.id);

describe.each(POLICY_LANGUAGES)("the %s page", (lang) => {
  const t = PHRASES[lang];

  it("has the shop's name in its title and introduction, and headings in its language", () => {
    const doc = render(lang);
    expect(doc.title).toBe(t.title(SHOP));
    expect(doc.intro).toContain(SHOP);
    expect(doc.htmlLang).toBe(t.htmlLang);
    for (const s of doc.sections) expect(s.heading).toBe(t.headings[s.id]);
    expect(sectionIds(doc)).toEqual([
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
    ]);
  });

  describe("cancellations", () => {
    it("until dispatch", () => {
      const text = section(render(lang, { cancellation: "until_dispatch" }), "cancellation")!;
      expect(text).toContain(t.cancellation.untilDispatch);
      expect(text).toContain(t.cancellation.afterDispatch);
      expect(text).not.toContain(t.cancellation.afterHours);
    });

    it.each([2, 48, 72])("within %i hours", (hours) => {
      const settings = settingsWith({ cancellation: "hours", cancellationHours: hours });
      const text = section(buildPolicyDocument(settings, lang, { shopName: SHOP }), "cancellation")!;
      expect(text).toContain(t.cancellation.withinHours(hours));
      expect(text).toContain(String(hours));
      expect(text).toContain(t.cancellation.afterHours);
      expect(text).toContain(withEmail(t.cancellation.howTo, settings));
    });
  });

  describe("returns", () => {
    it.each([7, 14, 30, 365])("a window of %i days", (days) => {
      const text = section(render(lang, { returnWindowDays: days }), "returns")!;
      expect(text).toContain(t.returns.window(days));
      expect(text).toContain(String(days));
    });

    it.each(RETURN_REASONS.filter((r) => r !== "not_delivered"))("lists %s exactly when it is accepted", (reason) => {
      const accepted = render(lang, { acceptedReasons: [reason] });
      const refused = render(lang, { acceptedReasons: RETURN_REASONS.filter((r) => r !== reason) });
      expect(section(accepted, "returns")).toContain(t.returns.reasons[reason]);
      expect(section(refused, "returns")).not.toContain(t.returns.reasons[reason]);
    });

    it("a missing parcel is refunded in the damaged section, never listed as a return", () => {
      const doc = render(lang, { acceptedReasons: ["damaged", "not_delivered"] });
      expect(section(doc, "returns")).not.toContain(t.returns.reasons.not_delivered);
      expect(section(doc, "damaged")).toContain(withEmail(t.damaged.missing, settingsWith()));
      expect(section(render(lang, { acceptedReasons: ["damaged"] }), "damaged")).not.toContain(withEmail(t.damaged.missing, settingsWith()));
    });

    it('"all sales final except …" or "we accept returns for …"', () => {
      expect(section(render(lang, { allSalesFinal: true }), "returns")).toContain(t.returns.finalExcept);
      expect(section(render(lang, { allSalesFinal: false }), "returns")).toContain(t.returns.acceptedFor);
    });

    it("no returnable reason: all sales are final, and the return sections disappear", () => {
      const doc = render(lang, { acceptedReasons: ["not_delivered"], exchanges: "none" });
      expect(section(doc, "returns")).toBe(t.returns.noReturns);
      for (const id of ["condition", "nonReturnable", "returnShipping", "howToReturn", "restockingFee"] as const) {
        expect(section(doc, id), id).toBeNull();
      }
      expect(section(doc, "exchanges")).toBe(t.exchanges.none);
    });
  });

  describe("condition", () => {
    it.each(ITEM_CONDITIONS)("%s", (condition) => {
      const text = section(render(lang, { itemCondition: condition }), "condition")!;
      expect(text).toContain(t.condition[condition]);
      for (const other of ITEM_CONDITIONS.filter((c) => c !== condition)) expect(text).not.toContain(t.condition[other]);
    });

    it("exempts damaged items only when damage is an accepted reason", () => {
      expect(section(render(lang, { itemCondition: "unused", acceptedReasons: ["damaged", "wrong_size"] }), "condition")).toContain(t.faultyException);
      expect(section(render(lang, { itemCondition: "unused", acceptedReasons: ["wrong_size"] }), "condition")).not.toContain(t.faultyException);
    });
  });

  describe("non-returnable items", () => {
    it.each(NON_RETURNABLE_ITEMS)("%s is listed exactly when chosen", (item) => {
      expect(section(render(lang, { nonReturnable: [item] }), "nonReturnable")).toContain(t.nonReturnable.items[item]);
      const others = NON_RETURNABLE_ITEMS.filter((i) => i !== item);
      expect(section(render(lang, { nonReturnable: others }), "nonReturnable")).not.toContain(t.nonReturnable.items[item]);
    });

    it("none chosen: no section", () => {
      expect(section(render(lang, { nonReturnable: [] }), "nonReturnable")).toBeNull();
    });
  });

  describe("return shipping, per reason", () => {
    it("each reason sits under whoever pays for it", () => {
      const doc = render(lang, {
        acceptedReasons: ["damaged", "wrong_size", "changed_mind"],
        returnShippingPaidBy: { ...settingsWith().returnShippingPaidBy, damaged: "store", wrong_size: "store", changed_mind: "customer" },
      });
      const blocks = doc.sections.find((s) => s.id === "returnShipping")!.blocks;
      expect(blocks).toEqual([
        { kind: "p", parts: [{ text: t.shipping.store }] },
        { kind: "ul", items: [t.returns.reasons.damaged, t.returns.reasons.wrong_size] },
        { kind: "p", parts: [{ text: t.shipping.customer }] },
        { kind: "ul", items: [t.returns.reasons.changed_mind] },
      ]);
    });

    it("when the shop pays for everything, only that list shows", () => {
      const paidBy = Object.fromEntries(RETURN_REASONS.map((r) => [r, "store"])) as PolicySettings["returnShippingPaidBy"];
      const text = section(render(lang, { returnShippingPaidBy: paidBy }), "returnShipping")!;
      expect(text).toContain(t.shipping.store);
      expect(text).not.toContain(t.shipping.customer);
    });
  });

  describe("how to start a return", () => {
    it("no return address: email for instructions, and no address shown", () => {
      const settings = settingsWith({ returnAddressKind: "none", returnAddress: "" });
      const doc = buildPolicyDocument(settings, lang, { shopName: SHOP });
      const text = section(doc, "howToReturn")!;
      expect(text).toContain(withEmail(t.howToReturn.none, settings));
      expect(text).toContain(t.howToReturn.noneWait);
      expect(doc.sections.flatMap((s) => s.blocks).some((b) => b.kind === "address")).toBe(false);
    });

    it.each(["po_box", "address"] as const)("%s: the address, line by line", (kind) => {
      const settings = settingsWith({ returnAddressKind: kind, returnAddress: "  PO Box 77 \n\n Lisbon 1000-001 " });
      const doc = buildPolicyDocument(settings, lang, { shopName: SHOP });
      expect(section(doc, "howToReturn")).toContain(withEmail(t.howToReturn[kind], settings));
      const address = doc.sections.find((s) => s.id === "howToReturn")!.blocks.find((b) => b.kind === "address");
      expect(address).toEqual({ kind: "address", lines: ["PO Box 77", "Lisbon 1000-001"] });
    });

    it("the contact address is a mailto link", () => {
      const block = render(lang).sections.find((s) => s.id === "howToReturn")!.blocks[0]!;
      expect(block.kind === "p" && block.parts.find((p) => p.href)).toEqual({ text: "help@lumen.example", href: "mailto:help@lumen.example" });
    });
  });

  describe("refunds", () => {
    it.each(REFUND_METHODS)("method: %s", (method) => {
      const text = section(render(lang, { refundMethod: method }), "refunds")!;
      expect(text).toContain(t.refunds[method]);
      // The bank's extra delay only concerns money going back to a card or account.
      expect(text.includes(t.refunds.bankDelay)).toBe(method === "original_payment");
    });

    it.each([1, 5, 15])("processed within %i business days", (days) => {
      expect(section(render(lang, { refundProcessingDays: days }), "refunds")).toContain(t.refunds.processing(days));
    });
  });

  describe("restocking fee", () => {
    it("none", () => {
      expect(section(render(lang, { restockingFeePercent: 0 }), "restockingFee")).toBe(t.restocking.none);
    });
    it.each([10, 25])("%i%%", (percent) => {
      const text = section(render(lang, { restockingFeePercent: percent }), "restockingFee")!;
      expect(text).toBe(t.restocking.fee(formatPercent(percent, t)));
      expect(text).toContain(String(percent));
    });
  });

  describe("exchanges", () => {
    it.each(EXCHANGE_OPTIONS)("%s", (option) => {
      const settings = settingsWith({ exchanges: option });
      const text = section(buildPolicyDocument(settings, lang, { shopName: SHOP }), "exchanges")!;
      expect(text).toContain(t.exchanges[option]);
      expect(text.includes(withEmail(t.exchanges.howTo, settings))).toBe(option !== "none");
      expect(text.includes(t.exchanges.returnInstead)).toBe(option === "none");
    });
  });

  describe("damaged or wrong items", () => {
    it.each([3, 14])("reported within %i days", (days) => {
      expect(section(render(lang, { damagedReportDays: days }), "damaged")).toContain(t.damaged.report(days));
    });
    it("photos, when asked for", () => {
      expect(section(render(lang, { damagedPhotosRequired: true }), "damaged")).toContain(t.damaged.photos);
      expect(section(render(lang, { damagedPhotosRequired: false }), "damaged")).not.toContain(t.damaged.photos);
    });
    it.each(DAMAGE_RESOLUTIONS)("resolution: %s", (resolution) => {
      expect(section(render(lang, { damagedResolution: resolution }), "damaged")).toContain(t.damaged.resolution[resolution]);
    });
    it("when neither damage nor a wrong item is accepted, it only offers to look into it", () => {
      const settings = settingsWith({ acceptedReasons: ["changed_mind"] });
      const text = section(buildPolicyDocument(settings, lang, { shopName: SHOP }), "damaged")!;
      expect(text).toBe(withEmail(t.damaged.otherwise, settings));
    });
  });

  describe("contact", () => {
    it("email, and phone when given", () => {
      const settings = settingsWith({ contactEmail: "care@kleid.example", contactPhone: "+49 30 1234567" });
      const text = section(buildPolicyDocument(settings, lang, { shopName: SHOP }), "contact")!;
      expect(text).toContain(withEmail(t.contact.email, settings));
      expect(text).toContain(t.contact.phone("+49 30 1234567"));
      expect(section(render(lang, { contactPhone: "" }), "contact")).not.toContain(t.contact.phone("+1 555 0100"));
    });
  });

  describe("extra note", () => {
    it("plain paragraphs, line breaks kept", () => {
      const doc = render(lang, { note: "First line\nsecond line\n\n\nNext paragraph" });
      expect(doc.sections.find((s) => s.id === "note")!.blocks).toEqual([
        { kind: "p", parts: [{ text: "First line\nsecond line" }] },
        { kind: "p", parts: [{ text: "Next paragraph" }] },
      ]);
      expect(documentToHtml(doc)).toContain("<p>First line<br>second line</p>");
    });
    it("empty: no section", () => {
      expect(section(render(lang, { note: "  " }), "note")).toBeNull();
    });
  });
});
