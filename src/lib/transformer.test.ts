import { describe, expect, it } from "vitest";
import fc from "fast-check";
import superjson from "superjson";
import { plainJson, transformer } from "./transformer";

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
    // superjson refuses these keys (so do we where it matters: the first test); here, keys it accepts.
    const key = fc.string().filter((k) => k !== "__proto__" && k !== "constructor" && k !== "prototype");
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
        fc.dictionary(fc.oneof(key, fc.constantFrom("a.b", "c\\d", "e\\.f", "0", "")), tie("value")),
      ),
    })).value;
    fc.assert(
      fc.property(fc.oneof(fc.array(jsonWithDates), fc.dictionary(key, jsonWithDates)), (value) => {
        const ours = transformer.serialize(value);
        const theirs = superjson.serialize(value);
        const wire = (x: unknown) => JSON.parse(JSON.stringify(x)) as never;
        // The same paths to restore, and the same value restored, by superjson or by us. (The text
        // differs only where a property holds undefined: superjson writes null, JSON leaves it out.)
        expect(ours.meta?.values).toStrictEqual(theirs.meta?.values);
        const expected = superjson.deserialize(wire(theirs));
        expect(superjson.deserialize(wire(ours))).toStrictEqual(expected);
        expect(transformer.deserialize(wire(ours))).toStrictEqual(expected);
      }),
      { numRuns: 1000 },
    );
    // Nothing is copied: JSON.stringify writes the Dates.
    const answer = { rows: [{ id: "a", n: 1 }, { id: "b", at: new Date(0) }] };
    const out = transformer.serialize(answer);
    expect(out.json).toBe(answer);
    expect(JSON.stringify(out)).toBe('{"json":{"rows":[{"id":"a","n":1},{"id":"b","at":"1970-01-01T00:00:00.000Z"}]},"meta":{"values":{"rows.1.at":["Date"]},"v":1}}');
  });

  it("plain JSON skips superjson's walk; dates, undefined, NaN, -0 and Maps do not", () => {
    expect(transformer.serialize({ a: [1, "x", null, true, { b: 2.5 }] })).toEqual({ json: { a: [1, "x", null, true, { b: 2.5 }] } });
    for (const odd of [new Date(0), undefined, Number.NaN, -0, Number.POSITIVE_INFINITY, new Map([[1, 2]]), 10n]) {
      expect(transformer.serialize({ nested: [odd] }).meta, String(odd)).toBeDefined();
    }
    expect(() => transformer.serialize(JSON.parse('{"__proto__": {"x": 1}}'))).toThrow("__proto__");
    // Keys superjson refuses (a prototype pollution risk) are refused as superjson does.
    for (const key of ["constructor", "prototype"]) {
      expect(() => transformer.serialize({ [key]: { at: new Date(0) } })).toThrow(key);
      expect(() => transformer.serialize({ [key]: 1 })).toThrow(key);
    }
  });

  it("an answer marked plainJson is sent as it is, without a walk; the same value unmarked is walked", () => {
    const answer = { figures: [[1, 2, 3]], when: "2026-01-31" };
    const marked = plainJson({ ...answer });
    const result = transformer.serialize(marked);
    expect(result).toEqual({ json: answer });
    expect(result.json).toBe(marked);
    // The mark is trusted: a Date inside a marked value goes as JSON.stringify writes it (so only
    // builders of numbers and strings mark), while the same value unmarked gets superjson's meta.
    const odd = { at: new Date(0) };
    expect(transformer.serialize(plainJson({ ...odd })).meta).toBeUndefined();
    expect(transformer.serialize({ ...odd }).meta).toEqual({ values: { at: ["Date"] }, v: 1 });
  });
});
