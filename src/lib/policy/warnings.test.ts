/** The rules that flag a promise the supplier will not back (shared by the builder and the server). */
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPPLIER_TERMS, type SupplierTerms } from "@/lib/supplier-terms";
import { settingsWith } from "@/test/policy";
import { lossFor, policyWarnings } from "./warnings";

const aliexpress: SupplierTerms = { ...DEFAULT_SUPPLIER_TERMS, acceptedReturnReasons: ["not_as_described", "damaged", "not_delivered"] };
const kinds = (terms: SupplierTerms, patch: Parameters<typeof settingsWith>[0]) => policyWarnings(settingsWith(patch), terms).map((w) => w.id);
const safe: Parameters<typeof settingsWith>[0] = { cancellation: "until_dispatch", refundProcessingDays: 15, acceptedReasons: ["damaged", "not_as_described"] };

describe("return reasons the supplier refuses", () => {
  it("a shop inside its supplier's reasons gets no warning", () => {
    expect(kinds(aliexpress, safe)).toEqual([]);
  });

  it("change of mind accepted, refused by the supplier: one warning, costed on change-of-mind refunds", () => {
    const [warning, ...rest] = policyWarnings(settingsWith({ ...safe, acceptedReasons: ["damaged", "changed_mind"] }), aliexpress);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ id: "return_reason:changed_mind", kind: "return_reason", reason: "changed_mind", lossReasons: ["changed_mind"] });
    expect(warning!.title).toBe("You accept returns for change of mind; AliExpress does not");
  });

  it("each refused reason warns on its own", () => {
    expect(kinds(aliexpress, { ...safe, acceptedReasons: ["wrong_size", "changed_mind", "other", "damaged"] })).toEqual([
      "return_reason:wrong_size",
      "return_reason:changed_mind",
      "return_reason:other",
    ]);
  });
});

describe("cancellation window", () => {
  it.each([1, 12, 24])("%i hours is within what suppliers honour", (hours) => {
    expect(kinds(aliexpress, { ...safe, cancellation: "hours", cancellationHours: hours })).toEqual([]);
  });

  it("48 hours can outlast dispatch", () => {
    const [w] = policyWarnings(settingsWith({ ...safe, cancellation: "hours", cancellationHours: 48 }), aliexpress);
    expect(w).toMatchObject({ id: "cancellation", title: "Your cancellation window can outlast dispatch", lossReasons: ["changed_mind"] });
  });

  it("beyond the supplier's dispatch deadline (7 business days) it certainly runs past dispatch", () => {
    const [w] = policyWarnings(settingsWith({ ...safe, cancellation: "hours", cancellationHours: 7 * 24 }), aliexpress);
    expect(w!.title).toBe("Your cancellation window runs past AliExpress's dispatch deadline");
  });

  it("a supplier that accepts no cancellation after payment makes any window a warning", () => {
    const strict = { ...aliexpress, cancellationUntilDispatch: false };
    expect(kinds(strict, { ...safe, cancellation: "until_dispatch" })).toEqual(["cancellation"]);
    expect(kinds(strict, { ...safe, cancellation: "hours", cancellationHours: 1 })).toEqual(["cancellation"]);
  });
});

describe("refund speed", () => {
  it("refunding faster than the supplier's longest refund time warns", () => {
    const [w] = policyWarnings(settingsWith({ ...safe, refundProcessingDays: 5 }), aliexpress);
    expect(w).toMatchObject({ id: "refund_speed", lossReasons: ["not_as_described", "damaged"] });
    expect(w!.detail).toContain("within 5 business days");
    expect(w!.detail).toContain("up to 15 business days");
  });
  it("matching it does not", () => {
    expect(kinds(aliexpress, { ...safe, refundProcessingDays: 15 })).toEqual([]);
    expect(kinds(aliexpress, { ...safe, refundProcessingDays: 20 })).toEqual([]);
  });
});

describe("lossFor", () => {
  it("adds a warning's reasons per currency, never across currencies", () => {
    const byReason = {
      changed_mind: [
        { currency: "USD", lossMinor: 1200 },
        { currency: "KRW", lossMinor: 15000 },
      ],
      wrong_size: [{ currency: "USD", lossMinor: 300 }],
      damaged: [{ currency: "USD", lossMinor: 999 }],
    };
    expect(lossFor(["changed_mind", "wrong_size"], byReason)).toEqual([
      { currency: "KRW", lossMinor: 15000 },
      { currency: "USD", lossMinor: 1500 },
    ]);
    expect(lossFor([], byReason)).toEqual([]);
  });
});
