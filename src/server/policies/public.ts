import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { organizations, policies, policyVersions, stores } from "../db/schema";
import { PHRASES } from "@/lib/policy/i18n";
import type { RenderedPolicy } from "@/lib/policy/render";
import { isPolicyLanguage, type PolicyLanguage } from "@/lib/policy/settings";
import { SLUG_PATTERN } from "@/lib/validation";
import { CONTENT_SECURITY_POLICY, notFoundPageHtml, policyPageHtml, type PublicPolicyVersion } from "./public-page";

/**
 * The public refund-policy page: /p/<organization>/<store>/refund-policy[/<lang>]. There is no
 * session here, so it reads with the privileged connection — and therefore reads nothing but the
 * latest published version of one active store, found by its two public slugs.
 */
export async function findPublishedPolicy(db: DbOrTx, organizationSlug: string, storeSlug: string): Promise<PublicPolicyVersion | null> {
  if (!SLUG_PATTERN.test(organizationSlug) || !SLUG_PATTERN.test(storeSlug)) return null;
  const [row] = await db
    .select({
      versionId: policyVersions.id,
      number: policyVersions.number,
      languages: policyVersions.languages,
      defaultLanguage: policyVersions.defaultLanguage,
      rendered: policyVersions.rendered,
      effectiveDate: policyVersions.effectiveDate,
    })
    .from(organizations)
    .innerJoin(stores, and(eq(stores.organizationId, organizations.id), eq(stores.slug, storeSlug), isNull(stores.archivedAt)))
    .innerJoin(policies, and(eq(policies.organizationId, stores.organizationId), eq(policies.storeId, stores.id)))
    .innerJoin(
      policyVersions,
      and(
        eq(policyVersions.organizationId, policies.organizationId),
        eq(policyVersions.policyId, policies.id),
        eq(policyVersions.number, policies.publishedVersion),
      ),
    )
    .where(eq(organizations.slug, organizationSlug))
    .limit(1);
  if (!row) return null;
  return {
    ...row,
    languages: row.languages.filter(isPolicyLanguage),
    defaultLanguage: row.defaultLanguage as PolicyLanguage,
    rendered: row.rendered as Record<string, RenderedPolicy>,
  };
}

const BASE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

function notFound(lang?: PolicyLanguage, head = false): Response {
  return new Response(head ? null : notFoundPageHtml(lang), {
    status: 404,
    headers: { ...BASE_HEADERS, "cache-control": "no-store" },
  });
}

export interface PolicyRequestParams {
  organizationSlug: string;
  storeSlug: string;
  /** Absent: the default language. */
  lang?: string;
}

/**
 * Answers one request for the page. Cached until the next publish: the ETag names the version and
 * the language, every cache revalidates, and a matching If-None-Match gets a 304 with no body.
 */
export async function respondWithPolicy(db: DbOrTx, request: Request, params: PolicyRequestParams): Promise<Response> {
  const head = request.method === "HEAD";
  const asked = params.lang;
  if (asked !== undefined && !isPolicyLanguage(asked)) return notFound(undefined, head);
  const version = await findPublishedPolicy(db, params.organizationSlug, params.storeSlug);
  if (!version) return notFound(asked, head);
  const lang = asked ?? version.defaultLanguage;
  if (!version.languages.includes(lang) || !version.rendered[lang]) return notFound(lang, head);

  const etag = `"${version.versionId}-${lang}"`;
  const headers = {
    ...BASE_HEADERS,
    etag,
    "cache-control": "public, max-age=0, must-revalidate",
    "content-language": PHRASES[lang].htmlLang,
  };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const basePath = `/p/${params.organizationSlug}/${params.storeSlug}/refund-policy`;
  return new Response(head ? null : policyPageHtml(version, lang, basePath), { status: 200, headers });
}
