import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";
import { DomainError, conflict, invalid } from "../errors";
import { emailSchema, nameSchema } from "@/lib/validation";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "./password";
import { describeRetry, recordAttempt, secondsUntilRetry, throttleKeys } from "./throttle";

export const signUpSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: z.string().max(1024),
});

export async function createUser(db: DbOrTx, input: z.infer<typeof signUpSchema>) {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw invalid(problem, { field: "password" });
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing) throw conflict("An account with this email already exists. Sign in instead.");
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!user) throw conflict("An account with this email already exists. Sign in instead.");
  return user;
}

export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", describeRetry(retryAfterSeconds), { retryAfterSeconds });
  }
}

/**
 * Checks an email and password, throttled per account and per client address. Unknown accounts
 * cost the same argon2 verification as known ones, so timing does not reveal which emails exist.
 */
export async function authenticate(db: DbOrTx, rawEmail: string, password: string, ip: string | null) {
  const email = rawEmail.trim().toLowerCase();
  const keys = throttleKeys(email, ip);
  const wait = await secondsUntilRetry(db, keys);
  if (wait > 0) throw new ThrottledError(wait);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password.slice(0, 1024));
  await recordAttempt(db, keys, Boolean(user && ok));
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}
