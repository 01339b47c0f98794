/**
 * The workaround for postgres.js #1208 (renewing-pool.ts): after that uncaught error, the next use of
 * the pool gets a fresh one and the old one is closed; any other uncaught error changes nothing.
 * e2e/faults.spec.ts drives the real failure (Postgres restarted under transactions in flight).
 */
import { describe, expect, it } from "vitest";
import { isBrokenPostgresWrite, renewingPool } from "./renewing-pool";

/** The error as postgres.js throws it from its write timer once the socket is gone. */
function brokenWrite(): TypeError {
  const error = new TypeError("Cannot read properties of null (reading 'write')");
  error.stack = `${error.message}\n    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)`;
  return error;
}

/** What Node emits to monitors before an uncaught exception's handlers run. */
const monitorSees = (error: Error) => (process.emit as (event: string, ...args: unknown[]) => boolean)("uncaughtExceptionMonitor", error, "uncaughtException");

function fakePools() {
  const made: { ended: boolean; id: number }[] = [];
  const create = () => {
    const pool = { ended: false, id: made.length };
    made.push(pool);
    return { client: { end: async () => void (pool.ended = true) }, db: pool };
  };
  return { made, create };
}

describe("renewingPool", () => {
  it("recognizes postgres.js's write to a closed socket, and nothing else", () => {
    expect(isBrokenPostgresWrite(brokenWrite())).toBe(true);
    expect(isBrokenPostgresWrite(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false);
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    elsewhere.stack = `${elsewhere.message}\n    at nextWrite (/app/src/stream.js:1:1)`;
    expect(isBrokenPostgresWrite(elsewhere)).toBe(false);
    expect(isBrokenPostgresWrite(new Error("connect ECONNREFUSED"))).toBe(false);
  });

  it("hands out a fresh pool after the broken write, and closes the old one once", async () => {
    const { made, create } = fakePools();
    const pool = renewingPool(create);
    const first = pool.db;
    expect(pool.db).toBe(first);

    monitorSees(new Error("some other failure"));
    expect(pool.db).toBe(first);

    monitorSees(brokenWrite());
    const second = pool.db;
    expect(second).not.toBe(first);
    expect(pool.db).toBe(second);
    await pool.end();
    expect(made.map((p) => p.ended)).toEqual([true, true]);
  });
});
