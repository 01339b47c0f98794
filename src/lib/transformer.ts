import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

/**
 * tRPC's transformer: superjson's wire format, without superjson's walk when there is nothing for it
 * to do. Most answers are plain JSON already (strings, finite numbers, booleans, null, arrays and
 * plain objects), and superjson spends ~15 ms walking a 200 kB report to find that out; this check
 * takes a fraction of that and sends `{ json }` exactly as superjson would. Anything else (a Date,
 * undefined, NaN, -0, a Map, a class instance…) goes through superjson unchanged, so both ends stay
 * compatible with plain superjson.
 */
export const transformer = {
  serialize(value: unknown): SuperJSONResult {
    return isPlainJson(value, 0) ? { json: value as SuperJSONResult["json"] } : superjson.serialize(value);
  },
  deserialize<T = unknown>(payload: SuperJSONResult): T {
    // Only a well-formed `{ json }` without meta is read directly; anything else is superjson's to judge.
    if (payload !== null && typeof payload === "object" && !("meta" in payload) && "json" in payload) return payload.json as T;
    return superjson.deserialize<T>(payload);
  },
};

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
