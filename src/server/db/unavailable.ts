/**
 * Errors that mean "the database cannot be reached right now" rather than "this request is wrong" or
 * "our code is wrong": the server is down or restarting, a connection was cut, the pool could not
 * connect in time. Requests answer them with a 503 and a message to try again; the postgres-js pool
 * opens fresh connections on the next query, so the app recovers by itself once Postgres is back.
 */

/** Node's socket errors and postgres-js's own connection errors. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * SQLSTATEs of the same kind: class 08 (connection exception), the server shutting down or not yet
 * accepting connections (57P01–57P03), and too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not reachable right now. Try again in a moment.";

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
