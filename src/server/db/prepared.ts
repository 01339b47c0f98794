import type { Sql } from "postgres";

/**
 * postgres.js sends a statement with parameters that is not prepared in two round trips — Parse and
 * Describe, a wait for the parameter types, then Bind and Execute — and sends nothing after it on that
 * connection until it is answered, so statements issued together (a batch's queries, the report's
 * figures and rates) go one after another. drizzle runs every statement as `unsafe(…, { prepare:
 * false })`. Through this wrapper every statement is prepared (named, kept per connection): its first
 * run on a connection still asks for the types first, every later run is one Bind/Execute, pipelined
 * with whatever else is issued at once, and Postgres keeps the parsed statement (and, after five runs,
 * a generic plan when it costs no more than the custom ones: Postgres's own rule for prepared
 * statements). Statements without parameters keep postgres.js's simple protocol. The transactions and
 * savepoints the wrapper opens hand out wrapped handles too.
 */
export function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, args?: unknown, options?: Record<string, unknown>) => {
          if (args !== undefined && !Array.isArray(args)) [options, args] = [args as Record<string, unknown>, []];
          return target.unsafe(query, (args ?? []) as never[], { ...options, prepare: true });
        };
      }
      if (property === "begin" || property === "savepoint") {
        return (...params: unknown[]) => {
          const fn = params.pop() as (scoped: Sql) => unknown;
          const method = Reflect.get(target, property, target) as (...a: unknown[]) => Promise<unknown>;
          return method(...params, (scoped: Sql) => fn(preparing(scoped)));
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
