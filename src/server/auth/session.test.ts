import { afterEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { forgetSessions, readSessionCookie, sessionFromHeaders } from "./session";

const SECRET = "session-test-secret-not-for-production-0123456789";
const NAME = "authjs.session-token";

async function token(claims: Record<string, unknown>, opts: { secret?: string; salt?: string; maxAge?: number } = {}) {
  return encode({ token: claims, secret: opts.secret ?? SECRET, salt: opts.salt ?? NAME, maxAge: opts.maxAge ?? 3600 });
}

function headers(cookie: string) {
  return new Headers({ cookie });
}

const claims = { sub: "user-1", name: "Ana Souza", email: "ana@example.com", organizationId: "org-1" };

afterEach(() => {
  forgetSessions();
  vi.useRealTimers();
});

describe("sessionFromHeaders", () => {
  it("reads the session Auth.js issued", async () => {
    const value = await token(claims);
    const session = await sessionFromHeaders(headers(`theme=dark; ${NAME}=${value}; other=1`), SECRET);
    expect(session?.user).toEqual({ id: "user-1", name: "Ana Souza", email: "ana@example.com" });
    expect(session?.organizationId).toBe("org-1");
    expect(Date.parse(session!.expires)).toBeGreaterThan(Date.now());
  });

  it("reads the secure cookie with its own name as the salt", async () => {
    const secureName = `__Secure-${NAME}`;
    const value = await token(claims, { salt: secureName });
    expect((await sessionFromHeaders(headers(`${secureName}=${value}`), SECRET))?.user.id).toBe("user-1");
    // The same token under the other name was encrypted for another salt: not a session.
    forgetSessions();
    expect(await sessionFromHeaders(headers(`${NAME}=${value}`), SECRET)).toBeNull();
  });

  it("joins a chunked cookie in index order", async () => {
    const value = await token(claims);
    const cut = Math.floor(value.length / 3);
    const cookie = `${NAME}.2=${value.slice(2 * cut)}; ${NAME}.0=${value.slice(0, cut)}; ${NAME}.1=${value.slice(cut, 2 * cut)}`;
    expect(readSessionCookie(cookie)).toEqual({ name: NAME, value });
    expect((await sessionFromHeaders(headers(cookie), SECRET))?.user.id).toBe("user-1");
  });

  it("signs out a missing, foreign, tampered or expired cookie", async () => {
    expect(await sessionFromHeaders(new Headers(), SECRET)).toBeNull();
    expect(await sessionFromHeaders(headers(`${NAME}=not-a-token`), SECRET)).toBeNull();
    const foreign = await token(claims, { secret: "another-secret-another-secret-0123456789" });
    expect(await sessionFromHeaders(headers(`${NAME}=${foreign}`), SECRET)).toBeNull();
    const good = await token(claims);
    const parts = good.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(await sessionFromHeaders(headers(`${NAME}=${parts.join(".")}`), SECRET)).toBeNull();
    const expired = await token(claims, { maxAge: -60 });
    expect(await sessionFromHeaders(headers(`${NAME}=${expired}`), SECRET)).toBeNull();
    // No secret configured: nobody is signed in (as Auth.js, which fails closed).
    expect(await sessionFromHeaders(headers(`${NAME}=${good}`), "")).toBeNull();
    // A token without a subject is no user.
    const anonymous = await token({ name: "x" });
    expect(await sessionFromHeaders(headers(`${NAME}=${anonymous}`), SECRET)).toBeNull();
  });

  it("remembers a decoded cookie, but not past the token's expiry", async () => {
    const value = await token(claims, { maxAge: 60 });
    const first = await sessionFromHeaders(headers(`${NAME}=${value}`), SECRET);
    const again = await sessionFromHeaders(headers(`${NAME}=${value}`), SECRET);
    expect(again).toBe(first); // the remembered object: no second decode
    vi.useFakeTimers({ now: Date.now() + 2 * 60 * 1000, toFake: ["Date"] });
    expect(await sessionFromHeaders(headers(`${NAME}=${value}`), SECRET)).toBeNull();
  });
});
