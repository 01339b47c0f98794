import fc from "fast-check";
import type { z } from "zod";

/**
 * A fast-check arbitrary of inputs shaped like a Zod (v4) schema: the right keys and types, drawn
 * close to the schema's bounds. Refinements are not read, so some values still fail validation —
 * that is part of the point. Used to fuzz every procedure's input past its schema into the service.
 */
export interface ZodArbitraryOptions {
  /** Ids to draw uuids from besides random ones, so that inputs reach real rows. */
  uuids?: readonly string[];
  /** Strings to draw some string fields from (valid slugs, time zones, …), besides generated ones. */
  strings?: readonly string[];
}

interface Check {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint | Date;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

interface Def {
  type: string;
  checks?: { _zod: { def: Check } }[];
  format?: string;
  pattern?: RegExp;
  [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check[] => (def.checks ?? []).map((c) => c._zod.def);

/** Text that databases and renderers get wrong: NUL, lone surrogates, RTL marks, emoji, long runs. */
export const awkwardString = fc.oneof(
  // Graphemes, not every code point: fast-check's full-Unicode unit is slow to shrink through.
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("\u0000", "a\u0000b", "\uD800", "\uDFFF x", "\u202Eevil", "🙏🏽", "Zoë Ñúñez", "'; drop table orders; --", "%_\\", " ", ""),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }).map((s) => s.repeat(300)),
);

export function arbitraryFromZod(schema: z.ZodType, options: ZodArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return build(schema, options, 0);
}

function build(schema: unknown, options: ZodArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const next = (inner: unknown) => build(inner, options, depth + 1);
  switch (def.type) {
    case "string":
      return stringArbitrary(def, options);
    case "number":
      return numberArbitrary(def);
    case "bigint":
      return fc.bigInt();
    case "boolean":
      return fc.boolean();
    case "date":
      return dateArbitrary(def);
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "optional":
      return fc.option(next(def.innerType), { nil: undefined, freq: 3 });
    case "nullable":
      return fc.option(next(def.innerType), { nil: null, freq: 3 });
    case "default":
    case "prefault":
      return fc.option(next(def.innerType), { nil: undefined, freq: 3 });
    case "catch":
    case "readonly":
    case "nonoptional":
    case "success":
      return next(def.innerType);
    case "pipe":
      // The input side is what a client sends.
      return next(def.in);
    case "lazy":
      return depth > 4 ? fc.constant(undefined) : next((def.getter as () => unknown)());
    case "object":
      return objectArbitrary(def, options, depth);
    case "array": {
      const checks = checksOf(def);
      const min = checks.find((c) => c.check === "min_length")?.minimum ?? 0;
      const max = checks.find((c) => c.check === "max_length")?.maximum ?? 6;
      return fc.array(next(def.element), { minLength: min, maxLength: Math.min(max, Math.max(min, 6)) });
    }
    case "tuple":
      return fc.tuple(...(def.items as unknown[]).map(next));
    case "union":
      return fc.oneof(...(def.options as unknown[]).map(next));
    case "intersection":
      return fc.oneof(next(def.left), next(def.right));
    case "record":
      return fc.dictionary(next(def.keyType) as fc.Arbitrary<string>, next(def.valueType), { maxKeys: 4 });
    default:
      return fc.jsonValue();
  }
}

function objectArbitrary(def: Def, options: ZodArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const shape = def.shape as Record<string, { _zod: { optin?: string } }>;
  const keys = Object.keys(shape);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of keys) model[key] = build(shape[key], options, depth + 1);
  const requiredKeys = keys.filter((key) => shape[key]!._zod.optin !== "optional");
  return fc.record(model, { requiredKeys });
}

function stringArbitrary(def: Def, options: ZodArbitraryOptions): fc.Arbitrary<unknown> {
  const checks = checksOf(def);
  let min = 0;
  // Without a maximum, "at the limit" below means a 10,000-character value.
  let max = 10_000;
  for (const c of checks) {
    if (c.check === "min_length") min = c.minimum!;
    if (c.check === "max_length") max = c.maximum!;
    if (c.check === "length_equals") min = max = c.length!;
  }
  const regex = checks.find((c) => c.check === "string_format" && c.pattern)?.pattern;
  const sized = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.length >= min && s.length <= max);
  const known = (values: readonly string[] | undefined) => sized(fc.constantFrom(...(values?.length ? values : [""])));
  switch (def.format) {
    case "uuid":
    case "guid":
      return options.uuids?.length ? fc.oneof(fc.uuid(), fc.constantFrom(...options.uuids)) : fc.uuid();
    case "email":
      return fc.oneof(fc.emailAddress(), fc.emailAddress().map((e) => e.toUpperCase()));
    case "date":
      return fc.date({ noInvalidDate: true, min: new Date("0001-01-01"), max: new Date("9999-12-31") }).map((d) => d.toISOString().slice(0, 10));
    case "url":
      return fc.webUrl();
  }
  const pattern = regex ?? def.pattern;
  const base = pattern
    ? sized(fc.stringMatching(pattern, { size: "small" }))
    : fc.oneof(
        { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }) },
        { weight: 1, arbitrary: sized(awkwardString) },
        // At the limit exactly: columns and indexes must take the longest value the schema allows.
        { weight: 1, arbitrary: fc.constantFrom("x", "é", "🙏").map((c) => c.repeat(Math.max(min, Math.min(max, 10_000)) / c.length)) },
      );
  return options.strings?.length ? fc.oneof(base, known(options.strings)) : base;
}

function numberArbitrary(def: Def): fc.Arbitrary<unknown> {
  const checks = checksOf(def);
  const integer = def.format === "safeint" || checks.some((c) => c.check === "number_format" && /int/.test(c.format ?? ""));
  let min = -Number.MAX_VALUE;
  let max = Number.MAX_VALUE;
  for (const c of checks) {
    const value = Number(c.value);
    if (c.check === "greater_than") min = c.inclusive ? value : integer ? value + 1 : value;
    if (c.check === "less_than") max = c.inclusive ? value : integer ? value - 1 : value;
  }
  if (integer) {
    const lo = Math.max(min, Number.MIN_SAFE_INTEGER);
    const hi = Math.min(max, Number.MAX_SAFE_INTEGER);
    // Both ends and the everyday middle: a bound that the database cannot hold is the usual bug.
    return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi), fc.integer({ min: Math.max(lo, 0), max: Math.max(Math.min(hi, 100), Math.max(lo, 0)) }));
  }
  return fc.double({ min: Math.max(min, -1e300), max: Math.min(max, 1e300), noNaN: true });
}

function dateArbitrary(def: Def): fc.Arbitrary<unknown> {
  let min = new Date(-8.64e15);
  let max = new Date(8.64e15);
  for (const c of checksOf(def)) {
    if (c.check === "greater_than") min = new Date(c.value as Date);
    if (c.check === "less_than") max = new Date(c.value as Date);
  }
  // Everyday dates, and the far ends of what a Date can hold (a client can send any of them).
  const from = Math.max(min.getTime(), Date.UTC(2000, 0, 1));
  const to = Math.min(max.getTime(), Date.UTC(2040, 0, 1));
  const everyday = from <= to ? fc.date({ noInvalidDate: true, min: new Date(from), max: new Date(to) }) : fc.constant(min);
  return fc.oneof(everyday, fc.date({ noInvalidDate: true, min, max }), fc.constantFrom(min, max));
}
