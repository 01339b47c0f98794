import { getDb } from "@/server/db/client";
import { respondWithPolicy } from "@/server/policies/public";

// A Route Handler, not a page: a page always ships the React runtime, and this one must run no script.
export const dynamic = "force-dynamic";

/** A store's published refund policy in one of its published languages (en, de, pt, zh, ko). */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; store: string; lang: string }> }) {
  const { org, store, lang } = await params;
  return respondWithPolicy(await getDb(), request, { organizationSlug: org, storeSlug: store, lang });
}
