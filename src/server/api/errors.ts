import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { DomainError, type DomainErrorCode } from "../errors";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../db/unavailable";

const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  PRECONDITION: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAUTHORIZED: "UNAUTHORIZED",
};

/** Postgres errors a request can trigger, answered as the user's mistake rather than a crash. */
const PG_TO_TRPC: Record<string, { code: TRPC_ERROR_CODE_KEY; message: string }> = {
  "23505": { code: "CONFLICT", message: "That already exists. Choose another value and try again." },
  "23503": { code: "NOT_FOUND", message: "Something this refers to was not found." },
  "23514": { code: "BAD_REQUEST", message: "That value is not allowed." },
  "22P02": { code: "BAD_REQUEST", message: "A value has the wrong format." },
  // Data exceptions: values a schema let through but Postgres cannot hold (found by api/fuzz.test.ts).
  "22001": { code: "BAD_REQUEST", message: "A value is too long. Shorten it and try again." },
  "22003": { code: "BAD_REQUEST", message: "A number is too large. Enter a smaller one." },
  "22007": { code: "BAD_REQUEST", message: "A date is not valid. Check the dates and try again." },
  "22008": { code: "BAD_REQUEST", message: "A date is out of range. Check the dates and try again." },
  "22009": { code: "BAD_REQUEST", message: "A date is out of range. Check the dates and try again." },
  "22021": { code: "BAD_REQUEST", message: "Text cannot contain a NUL character (\\0). Remove it and try again." },
  "40001": { code: "CONFLICT", message: "Someone else changed this at the same moment. Reload and try again." },
  "40P01": { code: "CONFLICT", message: "Someone else changed this at the same moment. Reload and try again." },
  // Row-level security refused the row: it belongs to another tenant, so it does not exist here.
  "42501": { code: "NOT_FOUND", message: "That was not found." },
};

function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The single map from anything a procedure throws to the tRPC error the client sees. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.code === "INTERNAL_SERVER_ERROR" && error.cause) {
      const mapped = toTRPCError(error.cause);
      return mapped;
    }
    return error;
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: DOMAIN_TO_TRPC[error.code], message: error.message, cause: error });
  }
  // Postgres down or restarting is not our bug and not the user's: a 503 that says to try again.
  if (isDatabaseUnavailable(error)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause: error });
  const code = pgCode(error);
  const mapped = code ? PG_TO_TRPC[code] : undefined;
  if (mapped) return new TRPCError({ code: mapped.code, message: mapped.message, cause: error });
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side.", cause: error });
}
