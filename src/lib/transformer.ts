import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

/**
 * tRPC's transformer: superjson's wire format, without superjson's walk where a cheaper one does.
 * Most answers are plain JSON already (strings, finite numbers, booleans, null, arrays and plain
 * objects) or plain JSON plus Dates and undefined (rows with timestamps and optional fields). For
 * those, one walk builds exactly what superjson would send — the same `json`, and `meta.values` with
 * the same escaped paths — copying only the arrays and objects that hold a Date or undefined. (It
 * leaves out `referentialEqualities`: a Date met twice arrives as two equal Dates, not one object.)
 * superjson's own walk cost ~0.7 ms per answer under load, 6% of the server's CPU (docs/perf.md, "Load").
 * Anything else (NaN, -0, a Map, a Set, a BigInt, a class instance, a sparse array…) goes through
 * superjson unchanged, so both ends stay compatible with plain superjson.
 */
export const transformer = {
  serialize(value: unknown): SuperJSONResult {
    if (value instanceof Date || value === undefined) return superjson.serialize(value);
    const walk = new Walk();
    const json = walk.encode(value, 0);
    if (json === UNSUPPORTED) return superjson.serialize(value);
    return walk.values ? { json: json as SuperJSONResult["json"], meta: { values: walk.values, v: 1 } } : { json: json as SuperJSONResult["json"] };
  },
  deserialize<T = unknown>(payload: SuperJSONResult): T {
    // Only a well-formed `{ json }` without meta is read directly; anything else is superjson's to judge.
    if (payload !== null && typeof payload === "object" && !("meta" in payload) && "json" in payload) return payload.json as T;
    return superjson.deserialize<T>(payload);
  },
};

const UNSUPPORTED = Symbol("unsupported");

/** superjson's path syntax: keys joined by ".", with "\\" and "." inside a key escaped. */
function escapeKey(key: string): string {
  return key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;
}

class Walk {
  /** superjson's `meta.values`: path → the type the other end must restore. */
  values: Record<string, ["Date"] | ["undefined"]> | null = null;
  private readonly path: string[] = [];

  private mark(kind: "Date" | "undefined") {
    (this.values ??= {})[this.path.map(escapeKey).join(".")] = [kind];
  }

  /** The value as superjson's `json` has it (the same object when nothing in it changes), or UNSUPPORTED. */
  encode(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) && !Object.is(value, -0) ? value : UNSUPPORTED;
      case "undefined":
        this.mark("undefined");
        return null;
      case "object": {
        if (value === null) return value;
        if (depth > MAX_DEPTH) return UNSUPPORTED;
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) return UNSUPPORTED;
          this.mark("Date");
          return value.toISOString();
        }
        if (Array.isArray(value)) {
          let copy: unknown[] | null = null;
          for (let i = 0; i < value.length; i++) {
            if (!(i in value)) return UNSUPPORTED;
            const item: unknown = value[i];
            this.path.push(String(i));
            const encoded = this.encode(item, depth + 1);
            this.path.pop();
            if (encoded === UNSUPPORTED) return UNSUPPORTED;
            if (encoded !== item && !copy) copy = value.slice(0, i);
            if (copy) copy.push(encoded);
          }
          return copy ?? value;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
        if (Object.getOwnPropertySymbols(value).length > 0) return UNSUPPORTED;
        let copy: Record<string, unknown> | null = null;
        const record = value as Record<string, unknown>;
        for (const key in record) {
          if (key === "__proto__") return UNSUPPORTED;
          const item = record[key];
          this.path.push(key);
          const encoded = this.encode(item, depth + 1);
          this.path.pop();
          if (encoded === UNSUPPORTED) return UNSUPPORTED;
          if (encoded !== item && !copy) {
            copy = {};
            for (const earlier in record) {
              if (earlier === key) break;
              copy[earlier] = record[earlier];
            }
          }
          if (copy) copy[key] = encoded;
        }
        return copy ?? value;
      }
      default:
        return UNSUPPORTED;
    }
  }
}

const MAX_DEPTH = 100;

/** True when JSON.stringify and JSON.parse give back exactly this value. */
export function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (key === "__proto__" || !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
}
