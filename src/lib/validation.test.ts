import { describe, expect, it } from "vitest";
import { dateSchema } from "./validation";

describe("dateSchema", () => {
  it("takes the dates Recoup tracks", () => {
    for (const iso of ["1970-01-01T00:00:00Z", "2026-10-01T13:12:03Z", "2099-12-31T23:59:59Z"]) {
      expect(dateSchema.parse(new Date(iso))).toEqual(new Date(iso));
    }
  });

  it("refuses dates Postgres cannot store, or that are typos, with a message (they were a 500)", () => {
    for (const [date, message] of [
      [new Date(-8.64e15), "Choose a date in 1970 or later."],
      [new Date("0001-01-01T00:00:00Z"), "Choose a date in 1970 or later."],
      [new Date(8.64e15), "Choose a date before 2100."],
      [new Date("+010000-01-01T00:00:00Z"), "Choose a date before 2100."],
    ] as const) {
      const result = dateSchema.safeParse(date);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(message);
    }
    expect(dateSchema.safeParse(new Date(Number.NaN)).error?.issues[0]?.message).toBe("Enter a valid date.");
  });
});
