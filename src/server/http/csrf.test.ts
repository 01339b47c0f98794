/**
 * CSRF: every route handler that can change something refuses a cross-site request that rides a
 * valid session cookie, and accepts the same request from our own pages. The routes are called as
 * Next.js calls them (the exported handler with a Request); the session cookie is a real one, got by
 * signing in through Auth.js. A route file under src/app that is not in ROUTES, or that exports a
 * method ROUTES does not name, fails the first test until someone says how it is protected.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { Database, Db } from "../db/client";
import { queryRows } from "../db/rows";
import { appRouter } from "../api/root";
import { signShopifyBody } from "../webhooks/verify";
import { createTestDatabase } from "@/test/db";
import { makeTenant, type TenantFixture } from "@/test/fixtures";
import { callerFor } from "@/test/caller";
import { countOf } from "@/test/sql";
import { isSameOrigin } from "./same-origin";
import { handleTrpcRequest } from "../api/http";

vi.hoisted(() => {
  // Auth.js reads its secret when the module loads.
  process.env.AUTH_SECRET ??= "csrf-test-secret-not-for-production-0123456789";
});

/** `auth()` reads the request's headers through next/headers; here they are the request under test. */
const current = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => current.headers,
  cookies: async () => {
    throw new Error("cookies() is not used by the route handlers under test");
  },
}));

// ROUTES ----------------------------------------------------------------------------------------------

type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const STATE_CHANGING: Method[] = ["POST", "PUT", "PATCH", "DELETE"];

/**
 * How a method of a route resists a forged cross-site request:
 * - `same-origin`: `isSameOrigin` (Origin, else Referer, must name our host) before anything else;
 * - `auth.js-csrf-token`: Auth.js's double-submit token (a cookie only our pages can read back, sent
 *   again in the body); a cross-site form cannot know it;
 * - `hmac`: no cookie is ever read; the body must be signed with the store's webhook secret;
 * - `read-only`: a GET that changes nothing (a cross-site page cannot read its answer).
 */
type Protection = "same-origin" | "auth.js-csrf-token" | "hmac" | "read-only";

/** Every route file under src/app (path from src/app, without route.ts), each exported method and its protection. */
const ROUTES: Record<string, Partial<Record<Method, Protection>>> = {
  "api/auth/[...nextauth]": { GET: "read-only", POST: "auth.js-csrf-token" },
  "api/health": { GET: "read-only" },
  "api/imports": { POST: "same-origin" },
  "api/imports/[jobId]/progress": { GET: "read-only" },
  // tRPC refuses a mutation sent as GET (checked below), so GET only ever runs queries.
  "api/trpc/[trpc]": { GET: "read-only", POST: "same-origin" },
  "api/webhooks/shopify/[storeId]": { POST: "hmac" },
  "p/[org]/[store]/refund-policy": { GET: "read-only" },
  "p/[org]/[store]/refund-policy/[lang]": { GET: "read-only" },
};

const APP_DIR = path.join(process.cwd(), "src", "app");
const PAGES_API_DIR = path.join(process.cwd(), "src", "pages", "api");

/**
 * API routes under src/pages/api (path from src/pages, without the extension), each with the Fetch
 * handler its one default export runs for every method. tRPC lives there so that it can send its
 * own compressed answers (src/server/http/compress.ts).
 */
const PAGES_ROUTES: Record<string, (req: Request) => Promise<Response>> = {
  "api/trpc/[trpc]": handleTrpcRequest,
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const routeFiles = () =>
  filesUnder(APP_DIR)
    .filter((f) => /[/\\]route\.(ts|tsx|js|mjs)$/.test(f))
    .map((f) => ({ file: f, route: path.relative(APP_DIR, path.dirname(f)).split(path.sep).join("/") }))
    .sort((x, y) => x.route.localeCompare(y.route));

describe("every route handler is listed with how it resists cross-site requests", () => {
  it("the route files and the methods they export are exactly those in ROUTES", async () => {
    const found: Record<string, Method[]> = {};
    for (const { file, route } of routeFiles()) {
      // Route groups `(app)` are not part of the URL, but keep them: the list names files.
      const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      found[route] = METHODS.filter((m) => typeof module[m] === "function");
    }
    // A Pages API route takes every method: the ones it does not refuse with 405 are its methods.
    for (const file of filesUnder(PAGES_API_DIR)) {
      const route = path.relative(path.dirname(PAGES_API_DIR), file).replace(/\.(ts|tsx|js|mjs)$/, "").split(path.sep).join("/");
      const module = (await import(/* @vite-ignore */ file)) as { default?: unknown };
      expect(typeof module.default, `${route} has a default handler`).toBe("function");
      const handler = PAGES_ROUTES[route];
      found[route] = [];
      if (!handler) continue;
      for (const method of METHODS) {
        const res = await handler(new Request(`${ORIGIN}/api/trpc/organization.current`, { method, headers: { host: HOST, origin: EVIL } }));
        if (res.status !== 405) found[route].push(method);
      }
    }
    const listed = Object.fromEntries(Object.entries(ROUTES).map(([route, methods]) => [route, METHODS.filter((m) => methods[m])]));
    expect(found, "a route handler is missing from ROUTES (or ROUTES names one that is gone): say how each method is protected").toEqual(listed);
    for (const [route, methods] of Object.entries(ROUTES)) {
      for (const method of STATE_CHANGING) {
        expect(methods[method], `${method} ${route} cannot be "read-only"`).not.toBe("read-only");
      }
    }
  });

  it("there are no server actions (they would be another way to mutate, to list here)", () => {
    const withDirective = filesUnder(path.join(process.cwd(), "src"))
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts"))
      .filter((f) => /^\s*["']use server["']/m.test(readFileSync(f, "utf8")));
    expect(withDirective.map((f) => path.relative(process.cwd(), f))).toEqual([]);
  });
});

// THE SAME-ORIGIN RULE ------------------------------------------------------------------------------

const HOST = "127.0.0.1:3000";
const ORIGIN = `http://${HOST}`;
const EVIL = "https://evil.example";

function headersOf(h: Record<string, string | undefined>): Headers {
  return new Headers(Object.entries(h).filter((e): e is [string, string] => e[1] !== undefined));
}

describe("isSameOrigin", () => {
  const cases: [string, Record<string, string | undefined>, boolean][] = [
    ["our Origin", { origin: ORIGIN, cookie: "s=1" }, true],
    ["a foreign Origin", { origin: EVIL, cookie: "s=1" }, false],
    ["a foreign Origin with our Referer", { origin: EVIL, referer: `${ORIGIN}/orders`, cookie: "s=1" }, false],
    ["our host on another port", { origin: "http://127.0.0.1:4000", cookie: "s=1" }, false],
    ["a look-alike host", { origin: `http://${HOST}.evil.example`, cookie: "s=1" }, false],
    ["Origin: null (sandboxed frame, data: URL)", { origin: "null", cookie: "s=1" }, false],
    ["no Origin, our Referer", { referer: `${ORIGIN}/settings/stores`, cookie: "s=1" }, true],
    ["no Origin, a foreign Referer", { referer: `${EVIL}/page`, cookie: "s=1" }, false],
    ["no Origin, a Referer that is not a URL", { referer: "nonsense", cookie: "s=1" }, false],
    ["neither Origin nor Referer, with a cookie", { cookie: "s=1" }, false],
    ["neither Origin nor Referer, no cookie (curl, a server)", {}, true],
    ["our Origin behind a proxy (X-Forwarded-Host)", { origin: "https://recoup.example", "x-forwarded-host": "recoup.example", cookie: "s=1" }, true],
    ["a foreign Origin behind a proxy", { origin: EVIL, "x-forwarded-host": "recoup.example", cookie: "s=1" }, false],
  ];
  it.each(cases)("%s → %s", (_label, headers, expected) => {
    const req = new Request(`${ORIGIN}/api/trpc/x`, { method: "POST", headers: headersOf({ host: HOST, ...headers }) });
    expect(isSameOrigin(req)).toBe(expected);
  });
});

// THE ROUTES, CALLED -------------------------------------------------------------------------------

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

async function routeHandlers(route: string): Promise<Record<string, Handler>> {
  return (await import(/* @vite-ignore */ path.join(APP_DIR, route, "route.ts"))) as Record<string, Handler>;
}

interface Send {
  method?: "GET" | "POST";
  origin?: string;
  referer?: string;
  cookie?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  params?: Record<string, string | string[]>;
}

/**
 * Calls a route's handler as Next.js would, with these headers (and the X-Forwarded-* ones Next.js's
 * server adds to every request); `auth()` sees the same ones.
 */
async function send(handlers: Record<string, Handler>, pathAndQuery: string, opts: Send = {}): Promise<Response> {
  const method = opts.method ?? "POST";
  const headers = headersOf({
    host: HOST,
    "x-forwarded-host": HOST,
    "x-forwarded-proto": "http",
    origin: opts.origin,
    referer: opts.referer,
    cookie: opts.cookie,
    "content-type": opts.body === undefined ? undefined : (opts.contentType ?? "application/json"),
    ...opts.headers,
  });
  const req = new NextRequest(`${ORIGIN}${pathAndQuery}`, { method, headers, body: method === "POST" ? opts.body : undefined });
  current.headers = req.headers;
  return handlers[method]!(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** `name=value` pairs of the Set-Cookie headers of a response. */
function setCookies(res: Response): Map<string, string> {
  return new Map(
    res.headers.getSetCookie().map((c) => {
      const pair = c.split(";")[0]!;
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
    }),
  );
}

const SESSION_COOKIE = "authjs.session-token";
const CSRF_COOKIE = "authjs.csrf-token";
const PASSWORD = "correct horse battery staple";

let database: Database;
let db: Db;
let t: TenantFixture;
let auth: Record<string, Handler>;
let trpc: Record<string, Handler>;
let imports: Record<string, Handler>;
let webhook: Record<string, Handler>;
/** The owner's Auth.js cookies: a CSRF cookie and a session, as a signed-in browser holds them. */
let csrfCookie: string;
let csrfToken: string;
let sessionCookie: string;

/** Auth.js's CSRF token, as our sign-in page gets it: same-origin, so only our pages can read it. */
async function freshCsrf(): Promise<{ cookie: string; token: string }> {
  const res = await send(auth, "/api/auth/csrf", { method: "GET" });
  const { csrfToken: token } = (await res.json()) as { csrfToken: string };
  return { cookie: `${CSRF_COOKIE}=${setCookies(res).get(CSRF_COOKIE)}`, token };
}

function signInForm(email: string, password: string, token?: string): string {
  const form = new URLSearchParams({ email, password, callbackUrl: `${ORIGIN}/dashboard` });
  if (token !== undefined) form.set("csrfToken", token);
  return form.toString();
}

const FORM = "application/x-www-form-urlencoded";

/** Rows per table of the whole database: "nothing changed" means this is the same. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = await countOf(db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
  return counts;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  // The route handlers open the app's database through getDb(): make it this test's one.
  (globalThis as unknown as { __recoupDb?: Promise<Database> }).__recoupDb = Promise.resolve(database);
  t = await makeTenant(db, "Csrf");
  auth = await routeHandlers("api/auth/[...nextauth]");
  trpc = { GET: handleTrpcRequest, POST: handleTrpcRequest };
  imports = await routeHandlers("api/imports");
  webhook = await routeHandlers("api/webhooks/shopify/[storeId]");
  const csrf = await freshCsrf();
  csrfCookie = csrf.cookie;
  csrfToken = csrf.token;
  const res = await send(auth, "/api/auth/callback/credentials", {
    origin: ORIGIN,
    cookie: csrfCookie,
    contentType: FORM,
    body: signInForm(t.owner.email, PASSWORD, csrfToken),
  });
  const token = setCookies(res).get(SESSION_COOKIE);
  expect(token, "signing in through Auth.js gives a session cookie").toBeTruthy();
  sessionCookie = `${SESSION_COOKIE}=${token}`;
});
afterAll(async () => {
  delete (globalThis as unknown as { __recoupDb?: Promise<Database> }).__recoupDb;
  await database.close();
});

const cookies = () => `${csrfCookie}; ${sessionCookie}`;
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const MUTATIONS = Object.keys(procedures)
  .filter((p) => procedures[p]!._def.type === "mutation")
  .sort();
const storeBody = (slug: string) => JSON.stringify({ json: { name: `Store ${slug}`, slug, currency: "USD", country: "US", timezone: "America/New_York" } });
const storeCount = () => countOf(db, sql`select count(*)::int as n from stores where organization_id = ${t.organizationId}`);

describe("POST /api/trpc (every mutation): same-origin check", () => {
  it("the session cookie is a real one: same-origin, it acts as the owner", async () => {
    const res = await send(trpc, "/api/trpc/organization.current", { method: "GET", cookie: cookies(), params: { trpc: "organization.current" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(t.organizationId);
  });

  it.each(MUTATIONS)("%s: a cross-site POST with the owner's session cookie is refused before it runs", async (procedure) => {
    const res = await send(trpc, `/api/trpc/${procedure}`, { origin: EVIL, cookie: cookies(), body: JSON.stringify({ json: {} }), params: { trpc: procedure } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { message: "Cross-site request refused." } });
  });

  it.each([
    ["a foreign Origin", { origin: EVIL }],
    ["Origin: null", { origin: "null" }],
    ["a foreign Referer and no Origin", { referer: `${EVIL}/attack.html` }],
    ["neither Origin nor Referer", {}],
    ["a foreign Origin and our own Referer", { origin: EVIL, referer: `${ORIGIN}/settings/stores` }],
  ] as const)("store.create with %s and a valid session creates nothing", async (_label, headers) => {
    const before = await storeCount();
    const res = await send(trpc, "/api/trpc/store.create", { ...headers, cookie: cookies(), body: storeBody(`forged-${Date.now()}`), params: { trpc: "store.create" } });
    expect(res.status).toBe(403);
    expect(await storeCount()).toBe(before);
  });

  it("a cross-site batch of mutations is refused as a whole", async () => {
    const before = await storeCount();
    const body = JSON.stringify({ 0: JSON.parse(storeBody("batch-forged-a")), 1: JSON.parse(storeBody("batch-forged-b")) });
    const res = await send(trpc, "/api/trpc/store.create,store.create?batch=1", { origin: EVIL, cookie: cookies(), body, params: { trpc: "store.create,store.create" } });
    expect(res.status).toBe(403);
    expect(await storeCount()).toBe(before);
  });

  it("a mutation sent as GET (a link or an image on another site) is refused and changes nothing", async () => {
    const before = await storeCount();
    const input = encodeURIComponent(storeBody("via-get"));
    const res = await send(trpc, `/api/trpc/store.create?input=${input}`, { method: "GET", cookie: cookies(), params: { trpc: "store.create" } });
    expect(res.status).toBe(405);
    expect(await storeCount()).toBe(before);
  });

  it("the same mutation from our own page (Origin, or only a Referer) is accepted", async () => {
    const before = await storeCount();
    const viaOrigin = await send(trpc, "/api/trpc/store.create", { origin: ORIGIN, cookie: cookies(), body: storeBody("same-origin"), params: { trpc: "store.create" } });
    expect(viaOrigin.status).toBe(200);
    const viaReferer = await send(trpc, "/api/trpc/store.create", { referer: `${ORIGIN}/settings/stores`, cookie: cookies(), body: storeBody("same-referer"), params: { trpc: "store.create" } });
    expect(viaReferer.status).toBe(200);
    const batch = JSON.stringify({ 0: JSON.parse(storeBody("batch-a")), 1: JSON.parse(storeBody("batch-b")) });
    const viaBatch = await send(trpc, "/api/trpc/store.create,store.create?batch=1", { origin: ORIGIN, cookie: cookies(), body: batch, params: { trpc: "store.create,store.create" } });
    expect(viaBatch.status).toBe(200);
    expect(await storeCount()).toBe(before + 4);
  });

  it("every mutation passes the check from our own page (it then answers for its input, never 'cross-site')", async () => {
    for (const procedure of MUTATIONS) {
      const res = await send(trpc, `/api/trpc/${procedure}`, { origin: ORIGIN, cookie: cookies(), body: JSON.stringify({ json: { __unknown: 1 } }), params: { trpc: procedure } });
      expect(res.status, procedure).not.toBe(403);
      expect(await res.text(), procedure).not.toContain("Cross-site request refused.");
    }
  });
});

describe("POST /api/imports: same-origin check", () => {
  const csv = readFileSync(path.join(process.cwd(), "src/server/imports/fixtures/shopify-orders-export.csv"), "utf8");
  const jobs = () => countOf(db, sql`select count(*)::int as n from import_jobs where organization_id = ${t.organizationId}`);
  const upload = (headers: Pick<Send, "origin" | "referer">) =>
    send(imports, `/api/imports?storeId=${t.grantedStoreId}&kind=shopify_orders&fileName=orders.csv`, {
      ...headers,
      cookie: cookies(),
      body: csv,
      contentType: "text/csv",
    });

  it.each([
    ["a foreign Origin", { origin: EVIL }],
    ["a foreign Referer", { referer: `${EVIL}/upload.html` }],
    ["neither Origin nor Referer", {}],
  ] as const)("an upload with %s and a valid session is refused and creates no import", async (_label, headers) => {
    const before = await jobs();
    const res = await upload(headers);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Cross-site request refused." });
    expect(await jobs()).toBe(before);
  });

  it("the same upload from our own page is accepted", async () => {
    const before = await jobs();
    const res = await upload({ origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty("jobId");
    expect(await jobs()).toBe(before + 1);
  });
});

describe("POST /api/webhooks/shopify/[storeId]: HMAC, never the cookie", () => {
  const payload = JSON.stringify({
    id: 9100001,
    name: "#9100",
    currency: "USD",
    total_price: "10.00",
    subtotal_price: "10.00",
    financial_status: "paid",
    fulfillment_status: null,
    created_at: "2026-10-05T10:00:00-04:00",
    line_items: [{ title: "Mug", quantity: 1, price: "10.00" }],
  });
  const orders = () => countOf(db, sql`select count(*)::int as n from orders where organization_id = ${t.organizationId} and name = '#9100'`);
  const deliver = (headers: Record<string, string>, extra: Pick<Send, "origin" | "cookie"> = {}) =>
    send(webhook, `/api/webhooks/shopify/${t.grantedStoreId}`, {
      ...extra,
      body: payload,
      headers: { "x-shopify-webhook-id": `csrf-${Math.random()}`, "x-shopify-topic": "orders/create", ...headers },
      params: { storeId: t.grantedStoreId },
    });

  it("a cross-site POST with the owner's session cookie but no valid signature gets 401 and changes nothing", async () => {
    for (const hmac of [undefined, "bm90IGEgc2lnbmF0dXJl"]) {
      const res = await deliver(hmac ? { "x-shopify-hmac-sha256": hmac } : {}, { origin: EVIL, cookie: cookies() });
      expect(res.status).toBe(401);
    }
    expect(await orders()).toBe(0);
  });

  it("a signed delivery is accepted without any cookie or Origin (Shopify's servers send neither)", async () => {
    const secret = (await callerFor(db, t.owner, t.organizationId).store.webhookSecret({ storeId: t.grantedStoreId })).webhookSecret;
    const res = await deliver({ "x-shopify-hmac-sha256": signShopifyBody(payload, secret) });
    expect(res.status).toBe(200);
    expect(await orders()).toBe(1);
  });
});

describe("/api/auth/* (sign-in, sign-out, organization switch): Auth.js's CSRF token", () => {
  it("sign-in posted without the token (a cross-site form cannot read it) sets no session, even with the right password", async () => {
    const forged = await send(auth, "/api/auth/callback/credentials", {
      origin: EVIL,
      cookie: csrfCookie,
      contentType: FORM,
      body: signInForm(t.members.agent.email, PASSWORD),
    });
    expect(setCookies(forged).get(SESSION_COOKIE)).toBeUndefined();
    expect(forged.headers.get("location") ?? "").toContain("MissingCSRF");
    const wrongToken = await send(auth, "/api/auth/callback/credentials", {
      origin: EVIL,
      cookie: csrfCookie,
      contentType: FORM,
      body: signInForm(t.members.agent.email, PASSWORD, "guessed-token"),
    });
    expect(setCookies(wrongToken).get(SESSION_COOKIE)).toBeUndefined();
  });

  it("sign-in by GET (a link) sets no session", async () => {
    const res = await send(auth, `/api/auth/callback/credentials?${signInForm(t.members.agent.email, PASSWORD, csrfToken)}`, { method: "GET", cookie: csrfCookie });
    expect(setCookies(res).get(SESSION_COOKIE)).toBeUndefined();
  });

  it("sign-in from our own page, with the token, sets the session", async () => {
    const { cookie, token } = await freshCsrf();
    const res = await send(auth, "/api/auth/callback/credentials", { origin: ORIGIN, cookie, contentType: FORM, body: signInForm(t.members.agent.email, PASSWORD, token) });
    expect(setCookies(res).get(SESSION_COOKIE)).toBeTruthy();
  });

  it("sign-out posted without the token leaves the session alone; with it, the session is cleared", async () => {
    const forged = await send(auth, "/api/auth/signout", { origin: EVIL, cookie: cookies(), contentType: FORM, body: new URLSearchParams({ callbackUrl: "/" }).toString() });
    expect(setCookies(forged).has(SESSION_COOKIE)).toBe(false);
    const byGet = await send(auth, "/api/auth/signout", { method: "GET", cookie: cookies() });
    expect(setCookies(byGet).has(SESSION_COOKIE)).toBe(false);

    const ours = await send(auth, "/api/auth/signout", { origin: ORIGIN, cookie: cookies(), contentType: FORM, body: new URLSearchParams({ csrfToken, callbackUrl: "/" }).toString() });
    expect(setCookies(ours).get(SESSION_COOKIE)).toBe("");
  });

  it("an organization switch posted without the token changes nothing; with it, the session moves", async () => {
    const second = await callerFor(db, t.owner).organization.create({ name: "Csrf Second", kind: "merchant" });
    const switchTo = (token?: string, origin = ORIGIN) =>
      send(auth, "/api/auth/session", { origin, cookie: cookies(), body: JSON.stringify({ ...(token ? { csrfToken: token } : {}), data: { organizationId: second.id } }) });
    const forged = await switchTo(undefined, EVIL);
    expect(setCookies(forged).get(SESSION_COOKIE)).toBeUndefined();
    expect(JSON.stringify(await forged.json().catch(() => null))).not.toContain(second.id);

    const ours = await switchTo(csrfToken);
    expect(ours.status).toBe(200);
    expect(await ours.json()).toMatchObject({ organizationId: second.id });
    expect(setCookies(ours).get(SESSION_COOKIE)).toBeTruthy();
  });
});

describe("refused requests leave no trace", () => {
  it("a second round of every forged request changes no row anywhere", async () => {
    const before = await rowCounts();
    for (const procedure of MUTATIONS) {
      await send(trpc, `/api/trpc/${procedure}`, { origin: EVIL, cookie: cookies(), body: JSON.stringify({ json: {} }), params: { trpc: procedure } });
    }
    await send(imports, `/api/imports?storeId=${t.grantedStoreId}&kind=shopify_orders`, { origin: EVIL, cookie: cookies(), body: "Name\n#1", contentType: "text/csv" });
    await send(webhook, `/api/webhooks/shopify/${t.grantedStoreId}`, { origin: EVIL, cookie: cookies(), body: "{}", params: { storeId: t.grantedStoreId } });
    await send(auth, "/api/auth/callback/credentials", { origin: EVIL, cookie: csrfCookie, contentType: FORM, body: signInForm(t.owner.email, "wrong password") });
    expect(await rowCounts()).toEqual(before);
  });
});
