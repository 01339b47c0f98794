import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

/**
 * tRPC's transformer: superjson's wire format, without superjson's walk where a cheaper one does.
 * Most answers are plain JSON already (strings, finite numbers, booleans, null, arrays and plain
 * objects) or plain JSON plus Dates and undefined (rows with timestamps and optional fields). For
 * those, one walk collects superjson's `meta.values` (the same escaped paths) and the value itself is
 * sent as `json`: JSON.stringify writes a Date as superjson does (its ISO string) and a property
 * holding undefined not at all (superjson writes null; either way `meta` restores undefined). Nothing
 * is copied. (It leaves out `referentialEqualities`: a Date met twice arrives as two equal Dates, not
 * one object.) superjson's walk and copy cost ~3 ms for a list of 200 cases here, and 6% of the
 * server's CPU under load (docs/perf.md, "Load"). Anything else (NaN, -0, a Map, a Set, a BigInt, a
 * class instance, a sparse array…) goes through superjson unchanged, so both ends stay compatible
 * with plain superjson.
 */
export const transformer = {
  serialize(value: unknown): SuperJSONResult {
    if (value instanceof Date || value === undefined) return superjson.serialize(value);
    if (typeof value === "object" && value !== null && plainJsonValues.has(value)) return { json: value as SuperJSONResult["json"] };
    const walk = new Walk();
    if (!walk.visit(value, 0)) return superjson.serialize(value);
    return walk.values
      ? { json: value as SuperJSONResult["json"], meta: { values: walk.values, v: 1 } }
      : { json: value as SuperJSONResult["json"] };
  },
  deserialize<T = unknown>(payload: SuperJSONResult): T {
    // Only a well-formed `{ json }` without meta is read directly; anything else is superjson's to judge.
    if (payload !== null && typeof payload === "object" && !("meta" in payload) && "json" in payload) return payload.json as T;
    return superjson.deserialize<T>(payload);
  },
};

const plainJsonValues = new WeakSet<object>();

/**
 * Marks an answer its producer builds from JSON values only (strings, finite numbers, booleans, null,
 * arrays and plain objects): the transformer sends it without walking it. For large answers made of
 * numbers and strings by construction (the loss report's packed slices: the walk was ~0.16 ms of
 * every report request). Anything else the mark would send wrong, so only such builders use it.
 */
export function plainJson<T extends object>(value: T): T {
  plainJsonValues.add(value);
  return value;
}

/** superjson's path syntax: keys joined by ".", with "\\" and "." inside a key escaped. */
function escapeKey(key: string): string {
  return key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;
}

/** Keys superjson refuses to send (a prototype pollution risk): an answer holding one is superjson's to refuse. */
const REFUSED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Deeper than this goes to superjson (which has its own limits). */
const MAX_DEPTH = 100;

class Walk {
  /** superjson's `meta.values`: path → the type the other end must restore. */
  values: Record<string, ["Date"] | ["undefined"]> | null = null;
  private readonly path: string[] = [];

  private mark(kind: "Date" | "undefined"): true {
    (this.values ??= {})[this.path.map(escapeKey).join(".")] = [kind];
    return true;
  }

  /** False when the value holds anything but JSON, valid Dates and undefined (superjson's to send). */
  visit(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case "string":
      case "boolean":
        return true;
      case "number":
        return Number.isFinite(value) && !Object.is(value, -0);
      case "undefined":
        return this.mark("undefined");
      case "object": {
        if (value === null) return true;
        if (depth > MAX_DEPTH) return false;
        if (value instanceof Date) {
          return !Number.isNaN(value.getTime()) && this.mark("Date");
        }
        const path = this.path;
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            if (!(i in value)) return false;
            const item: unknown = value[i];
            // Leaves need no path: only a Date or undefined is marked.
            if (item !== null && (typeof item === "object" || item === undefined)) {
              path.push(String(i));
              const ok = this.visit(item, depth + 1);
              path.pop();
              if (!ok) return false;
            } else if (!this.visit(item, depth + 1)) return false;
          }
          return true;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return false;
        const record = value as Record<string, unknown>;
        for (const key in record) {
          if (REFUSED_KEYS.has(key)) return false;
          const item = record[key];
          if (item !== null && (typeof item === "object" || item === undefined)) {
            path.push(key);
            const ok = this.visit(item, depth + 1);
            path.pop();
            if (!ok) return false;
          } else if (!this.visit(item, depth + 1)) return false;
        }
        return Object.getOwnPropertySymbols(value).length === 0;
      }
      default:
        return false;
    }
  }
}
