/**
 * Sign-up rules and sign-in throttling. Throttling is keyed by account and by client address: ten
 * failures within fifteen minutes lock the key until the oldest of them leaves the window.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client";
import { loginAttempts } from "../db/schema";
import { queryRows } from "../db/rows";
import { authenticate, ThrottledError } from "./service";
import { COMMON_PASSWORDS } from "./common-passwords";
import { THROTTLE_MAX_FAILURES, THROTTLE_WINDOW_MS, throttleKeys } from "./throttle";
import { createTestDatabase } from "@/test/db";
import { callerFor } from "@/test/caller";
import { countOf, shownError } from "@/test/sql";

const PASSWORD = "a long unusual passphrase 42";

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database.close();
});

const guest = () => callerFor(db, null);
const freshEmail = (label = "person") => `${label}-${randomUUID().slice(0, 8)}@example.test`;
/** A client address of its own for each test, so throttles do not leak between tests. */
const freshIp = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
const userCount = () => countOf(db, sql`select count(*)::int as n from users`);

async function signUp(email: string, password = PASSWORD) {
  return guest().auth.signUp({ name: "Person", email, password });
}

describe("sign-up", () => {
  it("creates the account and stores the password as argon2id with OWASP's parameters", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    expect(user).toMatchObject({ email, name: "Person" });
    const [row] = await queryRows<{ password_hash: string }>(db, sql`select password_hash from users where id = ${user.id}`);
    expect(row!.password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(row!.password_hash).not.toContain(PASSWORD);
  });

  it("refuses a duplicate email, whatever its case, with CONFLICT and a clear message", async () => {
    const email = freshEmail();
    await signUp(email);
    const before = await userCount();
    for (const again of [email, email.toUpperCase(), `  ${email}  `]) {
      await expect(signUp(again)).rejects.toMatchObject({
        code: "CONFLICT",
        message: "An account with this email already exists. Sign in instead.",
      });
    }
    expect(await userCount()).toBe(before);
  });

  const weak: Array<[string, string, string]> = [
    ["too short", "Ab1!xyz", "Use at least 8 characters."],
    ["too long (129 characters)", "x1".repeat(64) + "y", "Use at most 128 characters."],
    ["common", "password123", "That password is too common. Choose one that is harder to guess."],
    ["common, in another case", "PassWord123", "That password is too common. Choose one that is harder to guess."],
    ["one character repeated", "%".repeat(12), "That password repeats one character. Choose one that is harder to guess."],
  ];
  it.each(weak)("refuses a weak password (%s) with BAD_REQUEST and writes nothing", async (_label, password, message) => {
    const before = await userCount();
    const email = freshEmail();
    expect(await shownError(signUp(email, password), "auth.signUp")).toEqual({ code: "BAD_REQUEST", message });
    expect(await userCount()).toBe(before);
  });

  it("the weak-password examples are what they claim to be", () => {
    expect(COMMON_PASSWORDS.has("password123")).toBe(true);
    expect(COMMON_PASSWORDS.has("%".repeat(12))).toBe(false);
    expect("x1".repeat(64) + "y").toHaveLength(129);
  });

  it("accepts a password of exactly 128 characters", async () => {
    await expect(signUp(freshEmail(), "ab3".repeat(42) + "xy")).resolves.toHaveProperty("id");
  });

  it("refuses a password containing the email's name", async () => {
    const email = `margarethe@m${randomUUID().slice(0, 8)}.example.test`;
    await expect(signUp(email, "my-margarethe-secret-2024")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Don't use your email address in your password.",
    });
  });
});

describe("authenticate", () => {
  it("accepts the right password, whatever the email's case, and refuses a wrong one", async () => {
    const email = freshEmail();
    const user = await signUp(email);
    const ip = freshIp();
    await expect(authenticate(db, email.toUpperCase(), PASSWORD, ip)).resolves.toEqual({ id: user.id, email, name: "Person" });
    await expect(authenticate(db, email, `${PASSWORD}!`, ip)).resolves.toBeNull();
    await expect(authenticate(db, freshEmail("nobody"), PASSWORD, ip)).resolves.toBeNull();
  });

  it("ten wrong passwords lock the account: the 11th attempt is refused even with the right password", async () => {
    const email = freshEmail();
    await signUp(email);
    const ip = freshIp();
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      await expect(authenticate(db, email, `wrong-${i}`, ip)).resolves.toBeNull();
    }
    const refusal = await authenticate(db, email, PASSWORD, ip).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ThrottledError);
    const throttled = refusal as ThrottledError;
    expect(throttled.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(throttled.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(throttled.message).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    // The lock is on the account: another address is refused too.
    await expect(authenticate(db, email, PASSWORD, freshIp())).rejects.toBeInstanceOf(ThrottledError);
  });

  it("a success in between does not reset the count", async () => {
    const email = freshEmail();
    await signUp(email);
    const ip = freshIp();
    for (let i = 0; i < THROTTLE_MAX_FAILURES - 1; i++) await authenticate(db, email, `wrong-${i}`, ip);
    await expect(authenticate(db, email, PASSWORD, ip)).resolves.not.toBeNull();
    await expect(authenticate(db, email, "wrong-again", ip)).resolves.toBeNull();
    await expect(authenticate(db, email, PASSWORD, ip)).rejects.toBeInstanceOf(ThrottledError);
  });

  it("ten failures from one address, across different accounts, lock that address", async () => {
    const ip = freshIp();
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      await expect(authenticate(db, freshEmail("guess"), "wrong", ip)).resolves.toBeNull();
    }
    const email = freshEmail();
    await signUp(email);
    await expect(authenticate(db, email, PASSWORD, ip)).rejects.toBeInstanceOf(ThrottledError);
    // The account itself is not locked: from another address it signs in.
    await expect(authenticate(db, email, PASSWORD, freshIp())).resolves.not.toBeNull();
  });

  it("failures older than fifteen minutes do not count", async () => {
    const email = freshEmail();
    await signUp(email);
    const ip = freshIp();
    const old = new Date(Date.now() - THROTTLE_WINDOW_MS - 60_000);
    await db.insert(loginAttempts).values(
      Array.from({ length: 20 }, () => throttleKeys(email, ip).map((key) => ({ key, succeeded: false, createdAt: old }))).flat(),
    );
    await expect(authenticate(db, email, PASSWORD, ip)).resolves.not.toBeNull();
  });

  it("the wait runs from the oldest failure in the window, in minutes", async () => {
    const email = freshEmail();
    await signUp(email);
    const ip = freshIp();
    // Ten failures 14 minutes ago: the lock lifts about a minute from now.
    const recent = new Date(Date.now() - THROTTLE_WINDOW_MS + 60_000);
    await db
      .insert(loginAttempts)
      .values(Array.from({ length: THROTTLE_MAX_FAILURES }, () => ({ key: `email:${email}`, succeeded: false, createdAt: recent })));
    const refusal = (await authenticate(db, email, PASSWORD, ip).catch((e: unknown) => e)) as ThrottledError;
    expect(refusal).toBeInstanceOf(ThrottledError);
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refusal.message).toBe("Too many failed sign-ins. Try again in 1 minute.");
  });
});
