import { decode } from "next-auth/jwt";
import type { Session } from "next-auth";

/**
 * Reading the session cookie on every request, without Auth.js's session action.
 *
 * `auth()` from next-auth runs the whole `session` action for each call: it builds a Request, parses
 * the cookies, decrypts the JWE (an HKDF key derivation, then AES and HMAC), runs the callbacks,
 * *re-encrypts* the token with a new expiry (another derivation), builds a Response and parses its JSON
 * back — and then drops the refreshed cookie, because a server component or route handler cannot set
 * it. That was ~10% of the server's CPU under load (docs/perf.md, "Load"). Here the cookie is decrypted
 * once with the same function Auth.js uses (`decode` from next-auth/jwt: same key derivation, same
 * algorithms, same clock tolerance), and the result is remembered per cookie value until shortly
 * before the token expires, so a signed-in user's next requests cost one map lookup.
 *
 * The cookie value is the credential itself: only a token encrypted with AUTH_SECRET decodes, and the
 * same value always decodes to the same claims, so remembering by value admits nobody the decoder
 * would not. What the claims grant is checked afresh on every request (the membership is read from
 * the database), so a member removed from an organization loses access at once, cached or not.
 */

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
/** Remembered decodes: enough for every member signed in at once on one server, bounded in memory. */
const MAX_ENTRIES = 5_000;
/** Re-decode at least this often, whatever the token's expiry. */
const MAX_REMEMBER_MS = 10 * 60 * 1000;
/** As Auth.js: a token within 15 s past its expiry still decodes. */
const CLOCK_TOLERANCE_S = 15;

interface Remembered {
  session: Session | null;
  until: number;
}

const remembered = new Map<string, Remembered>();

/** The session cookie's value (joined from its chunks, as Auth.js writes large tokens) and its name. */
export function readSessionCookie(cookieHeader: string | null): { name: string; value: string } | null {
  if (!cookieHeader) return null;
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name.includes("authjs.session-token")) continue;
    cookies.set(name, part.slice(eq + 1).trim());
  }
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return { name, value: whole };
    const chunks: { index: number; value: string }[] = [];
    for (const [key, value] of cookies) {
      if (!key.startsWith(`${name}.`)) continue;
      const index = Number(key.slice(name.length + 1));
      if (Number.isInteger(index) && index >= 0) chunks.push({ index, value });
    }
    if (chunks.length > 0) {
      chunks.sort((a, b) => a.index - b.index);
      return { name, value: chunks.map((c) => c.value).join("") };
    }
  }
  return null;
}

/** The session as the app's `auth()` returns it (the same shape as the session callback builds). */
export function sessionFromClaims(claims: Record<string, unknown>): Session | null {
  const id = typeof claims.sub === "string" ? claims.sub : "";
  if (!id) return null;
  const exp = typeof claims.exp === "number" ? claims.exp : null;
  return {
    user: {
      id,
      name: typeof claims.name === "string" ? claims.name : "",
      email: typeof claims.email === "string" ? claims.email : "",
    },
    organizationId: typeof claims.organizationId === "string" ? claims.organizationId : null,
    expires: new Date((exp ?? Date.now() / 1000) * 1000).toISOString(),
  } as Session;
}

/** The signed-in user's session from the request's cookies, or null (no cookie, not ours, expired). */
export async function sessionFromHeaders(headers: Headers, secret = process.env.AUTH_SECRET): Promise<Session | null> {
  const cookie = readSessionCookie(headers.get("cookie"));
  if (!cookie || !secret) return null;
  const key = `${cookie.name}=${cookie.value}`;
  const now = Date.now();
  const hit = remembered.get(key);
  if (hit) {
    if (hit.until > now) return hit.session;
    remembered.delete(key);
  }
  let session: Session | null = null;
  let until = now + MAX_REMEMBER_MS;
  try {
    const claims = await decode({ token: cookie.value, secret, salt: cookie.name });
    session = claims ? sessionFromClaims(claims) : null;
    if (claims && typeof claims.exp === "number") until = Math.min(until, (claims.exp + CLOCK_TOLERANCE_S) * 1000);
  } catch {
    // Not a token of ours, tampered with, or expired: signed out. Remembered too, so a client
    // repeating a bad cookie costs one decode, not one per request.
    session = null;
  }
  if (remembered.size >= MAX_ENTRIES) {
    // Map keeps insertion order: drop the oldest entry.
    const oldest = remembered.keys().next().value;
    if (oldest !== undefined) remembered.delete(oldest);
  }
  remembered.set(key, { session, until });
  return session;
}

/** For tests. */
export function forgetSessions() {
  remembered.clear();
}
