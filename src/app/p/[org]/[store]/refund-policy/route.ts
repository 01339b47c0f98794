import { getDb } from "@/server/db/client";
import { respondWithPolicy } from "@/server/policies/public";

// A Route Handler, not a page: a page always ships the React runtime, and this one must run no script.
export const dynamic = "force-dynamic";

/** A store's published refund policy in its default language. */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; store: string }> }) {
  const { org, store } = await params;
  return respondWithPolicy(await getDb(), request, { organizationSlug: org, storeSlug: store });
}
