import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { z } from "zod";
import type { Tx } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { canonicalJson } from "../audit/hash";
import { conflict } from "../errors";

export const idempotencyKeySchema = z
  .string()
  .min(8, "The idempotency key is too short.")
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, "The idempotency key may use letters, digits and _ . : - only.");

/**
 * Runs a money mutation once per key. The key row is inserted first: a concurrent request with the
 * same key waits on it, then finds the committed result and returns it. The same key with different
 * input is refused, so a retry can never be mistaken for a new instruction.
 */
export async function withIdempotency<T>(
  tx: Tx,
  organizationId: string,
  key: string,
  operation: string,
  input: unknown,
  run: () => Promise<T>,
): Promise<T> {
  const requestHash = createHash("sha256").update(canonicalJson({ operation, input })).digest("hex");
  const [inserted] = await tx
    .insert(idempotencyKeys)
    .values({ organizationId, key, operation, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.organizationId, organizationId), eq(idempotencyKeys.key, key)));
    if (!existing || existing.requestHash !== requestHash || existing.operation !== operation) {
      throw conflict("This request key was already used for a different request. Reload the page and try again.");
    }
    return superjson.deserialize(existing.response as Parameters<typeof superjson.deserialize>[0]) as T;
  }
  const result = await run();
  await tx
    .update(idempotencyKeys)
    .set({ response: superjson.serialize(result) as unknown as Record<string, unknown> })
    .where(and(eq(idempotencyKeys.organizationId, organizationId), eq(idempotencyKeys.key, key)));
  return result;
}
