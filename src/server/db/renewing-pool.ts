/**
 * postgres.js 3.4.x leaves a pooled connection broken for good when it dies while a transaction is
 * open (porsager/postgres#1154, #1208; 3.4.10 does not fix it): ending the transaction, postgres.js
 * writes ROLLBACK to the closed socket from a timer, which throws an uncaught TypeError (Next logs it
 * and carries on) and leaves the connection's write state stuck. It never finishes connecting again:
 * every query handed to it waits `connect_timeout` and fails, long after Postgres is back.
 * e2e/faults.spec.ts showed it: Postgres restarted under six requests in flight, and a third of the
 * requests after its return failed with a 503.
 *
 * Until postgres.js guards that write, a process that sees the error replaces its pools with fresh
 * ones at their next use; an old pool finishes what it is running and is then closed.
 */
import pino from "pino";

const log = pino({ name: "db" });

interface Pool<T> {
  client: { end(options?: { timeout?: number }): Promise<void> };
  db: T;
}

let brokenConnections = 0;
let watching = false;

/** The uncaught error of that bug: a write to the null socket, from postgres.js's `nextWrite`. */
export function isBrokenPostgresWrite(error: unknown): boolean {
  if (!(error instanceof TypeError) || !/null.*'write'|evaluating 'socket\.write'/.test(error.message)) return false;
  const stack = error.stack ?? "";
  return stack.includes("nextWrite") && /postgres[\\/]src[\\/]connection/.test(stack);
}

function watch() {
  if (watching) return;
  watching = true;
  // A monitor only observes: whatever else handles (or does not handle) the exception is unchanged.
  process.on("uncaughtExceptionMonitor", (error) => {
    if (isBrokenPostgresWrite(error)) brokenConnections += 1;
  });
}

/** A pool made by `create`, replaced by a fresh one at its next use after a connection broke that way. */
export function renewingPool<T>(create: () => Pool<T>) {
  watch();
  let current = create();
  let seen = brokenConnections;
  const retiring = new Set<Promise<void>>();
  return {
    get db(): T {
      if (seen !== brokenConnections) {
        seen = brokenConnections;
        const old = current.client;
        current = create();
        log.warn("a Postgres connection broke mid-transaction (postgres.js #1208): using a fresh pool");
        const ending: Promise<void> = old
          .end({ timeout: 30 })
          .catch(() => {})
          .finally(() => retiring.delete(ending));
        retiring.add(ending);
      }
      return current.db;
    },
    async end(): Promise<void> {
      await Promise.all([current.client.end({ timeout: 5 }), ...retiring]);
    },
  };
}
