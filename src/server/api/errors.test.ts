import { describe, expect, it } from "vitest";
import { toTRPCError } from "./errors";

/** A driver error as postgres.js and PGlite raise it: the SQLSTATE in `code`, sometimes under `cause`. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("toTRPCError", () => {
  it("answers Postgres data exceptions a request can cause as a 400 with a message to act on, not a 500", () => {
    // Each of these reached a user as "Something went wrong on our side." (found by api/fuzz.test.ts).
    for (const [code, raw] of [
      ["22021", 'invalid byte sequence for encoding "UTF8": 0x00'],
      ["22003", 'value "2147483648" is out of range for type integer'],
      ["22001", "value too long for type character(3)"],
      ["22007", 'invalid input syntax for type timestamp with time zone: "-000001-01-01T00:00:00.000Z"'],
      ["22008", "timestamp out of range"],
      ["22009", 'time zone displacement out of range: "+275760-09-13T00:00:00.000Z"'],
    ] as const) {
      const mapped = toTRPCError(new Error("Failed query", { cause: pgError(code, raw) }));
      expect(mapped.code, code).toBe("BAD_REQUEST");
      expect(mapped.message, code).not.toContain(raw);
      expect(mapped.message, code).toMatch(/\. [A-Z].*\.$/);
    }
  });

  it("answers a database that is down, restarting or cut off as a 503 to retry, not a 500 quoting the socket", () => {
    // What postgres.js raises while Postgres restarts (e2e/faults.spec.ts drives the real thing).
    const errors = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111 }),
      Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" }),
      Object.assign(new Error("write CONNECT_TIMEOUT 127.0.0.1:5432"), { code: "CONNECT_TIMEOUT" }),
      new Error("Failed query", { cause: pgError("57P01", "terminating connection due to administrator command") }),
      new Error("Failed query", { cause: pgError("57P03", "the database system is starting up") }),
      new Error("Failed query", { cause: pgError("08006", "connection failure") }),
    ];
    for (const error of errors) {
      const mapped = toTRPCError(error);
      expect(mapped.code, error.message).toBe("SERVICE_UNAVAILABLE");
      expect(mapped.message).toBe("The database is not reachable right now. Try again in a moment.");
    }
  });

  it("still answers an unknown failure as a 500 that says nothing of its cause", () => {
    const mapped = toTRPCError(new Error("Failed query", { cause: pgError("XX000", "internal error") }));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toBe("Something went wrong on our side.");
  });
});
