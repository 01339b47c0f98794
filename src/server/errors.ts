/**
 * Errors a user can cause, in the domain's words. Procedures and services throw these; one map in
 * `api/errors.ts` turns them into tRPC codes, so nothing a user can cause becomes a 500.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "INVALID"
  | "PRECONDITION"
  | "RATE_LIMITED"
  | "UNAUTHORIZED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** The one answer for anything missing or outside the caller's reach: the two look the same. */
export function notFound(what: string): DomainError {
  return new DomainError("NOT_FOUND", `${what} was not found.`);
}

export function invalid(message: string, details?: Record<string, unknown>): DomainError {
  return new DomainError("INVALID", message, details);
}

export function conflict(message: string): DomainError {
  return new DomainError("CONFLICT", message);
}

export function precondition(message: string): DomainError {
  return new DomainError("PRECONDITION", message);
}
