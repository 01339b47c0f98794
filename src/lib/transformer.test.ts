import { describe, expect, it } from "vitest";
import fc from "fast-check";
import superjson from "superjson";
import { isPlainJson, transformer } from "./transformer";

/** What the other end gets: through the wire (JSON text) and back. */
function overTheWire(value: unknown, serialize: (v: unknown) => unknown, deserialize: (p: never) => unknown): unknown {
  return deserialize(JSON.parse(JSON.stringify(serialize(value))) as never);
}

const anything = fc.anything({
  withDate: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
  withNullPrototype: true,
  withSparseArray: true,
  withObjectString: false,
  withBoxedValues: false,
  withTypedArray: false,
});

describe("transformer", () => {
  it("any value arrives as superjson would deliver it, and either end may be plain superjson", () => {
    fc.assert(
      fc.property(anything, (value) => {
        let expected: unknown;
        try {
          expected = overTheWire(value, superjson.serialize, superjson.deserialize);
        } catch (error) {
          // superjson refuses some values (a "__proto__" key); so must we.
          expect(() => overTheWire(value, transformer.serialize, transformer.deserialize)).toThrow((error as Error).message);
          return;
        }
        expect(overTheWire(value, transformer.serialize, transformer.deserialize)).toStrictEqual(expected);
        expect(overTheWire(value, transformer.serialize, superjson.deserialize)).toStrictEqual(expected);
        expect(overTheWire(value, superjson.serialize, transformer.deserialize)).toStrictEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("JSON with Dates and undefined gets superjson's own json and meta.values, without superjson", () => {
    const jsonWithDates = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.date({ noInvalidDate: true }),
        fc.array(tie("value")),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("a.b", "c\\d", "e\\.f", "0", "")), tie("value")),
      ),
    })).value;
    fc.assert(
      fc.property(fc.oneof(fc.array(jsonWithDates), fc.dictionary(fc.string(), jsonWithDates)), (value) => {
        const ours = transformer.serialize(value);
        const theirs = superjson.serialize(value);
        const wire = (x: unknown) => JSON.parse(JSON.stringify(x)) as never;
        expect(wire(ours.json)).toStrictEqual(wire(theirs.json));
        expect(ours.meta?.values).toStrictEqual(theirs.meta?.values);
        expect(superjson.deserialize(wire(ours))).toStrictEqual(superjson.deserialize(wire(theirs)));
      }),
      { numRuns: 1000 },
    );
    // Nothing is copied that need not be: a row without dates is the same object.
    const plainRow = { id: "a", n: 1 };
    const datedRow = { id: "b", at: new Date(0) };
    const rows = [plainRow, datedRow];
    const out = transformer.serialize({ rows }).json as { rows: unknown[] };
    expect(out.rows[0]).toBe(plainRow);
    expect(datedRow.at).toBeInstanceOf(Date); // the input is left alone
  });

  it("plain JSON skips superjson's walk; dates, undefined, NaN, -0 and Maps do not", () => {
    expect(transformer.serialize({ a: [1, "x", null, true, { b: 2.5 }] })).toEqual({ json: { a: [1, "x", null, true, { b: 2.5 }] } });
    for (const odd of [new Date(0), undefined, Number.NaN, -0, Number.POSITIVE_INFINITY, new Map([[1, 2]]), 10n]) {
      expect(isPlainJson({ nested: [odd] }, 0), String(odd)).toBe(false);
      expect(transformer.serialize({ nested: [odd] }).meta).toBeDefined();
    }
    expect(isPlainJson(JSON.parse('{"__proto__": {"x": 1}}'), 0)).toBe(false);
  });
});
