import { auth } from "@/server/auth";
import { getDb } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { resolveMembership } from "@/server/tenancy/membership";
import { can } from "@/lib/roles";
import { createImportJob, MAX_IMPORT_BYTES, type ImportKind } from "@/server/imports/jobs";
import { DomainError } from "@/server/errors";
import { isSameOrigin } from "@/server/http/same-origin";
import { toTRPCError } from "@/server/api/errors";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

export const dynamic = "force-dynamic";

const KINDS: ImportKind[] = ["shopify_orders", "supplier_orders"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Upload a CSV (raw body) for a store: `POST /api/imports?storeId=…&kind=shopify_orders&fileName=…`.
 * It is parsed and previewed at once; nothing is imported until the user starts the job.
 * The same ladder as tRPC: signed in → member → `imports:run` → the store must be visible.
 */
export async function POST(req: Request) {
  if (!isSameOrigin(req)) return Response.json({ error: "Cross-site request refused." }, { status: 403 });
  const session = await auth();
  if (!session?.user?.id) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const url = new URL(req.url);
  const storeId = url.searchParams.get("storeId") ?? "";
  const kind = url.searchParams.get("kind") as ImportKind;
  const fileName = url.searchParams.get("fileName") || "upload.csv";
  if (!UUID.test(storeId)) return Response.json({ error: "Store was not found." }, { status: 404 });
  if (!KINDS.includes(kind)) return Response.json({ error: "Choose what the file holds: Shopify orders or supplier orders." }, { status: 400 });
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_IMPORT_BYTES) return Response.json({ error: "The file is larger than 200 MB. Split it and import the parts." }, { status: 413 });

  try {
    const db = await getDb();
    const membership = await resolveMembership(db, session.user.id, session.organizationId);
    if (!membership) return Response.json({ error: "Create or join an organization first." }, { status: 412 });
    if (!can(membership.role, "imports:run")) {
      return Response.json({ error: `You need the "imports:run" permission for this; your role (${membership.role}) does not have it.` }, { status: 403 });
    }
    const content = await req.text();
    const result = await withTenant(db, membership.organizationId, (tx) =>
      createImportJob(tx, { organizationId: membership.organizationId, storeId }, membership, {
        kind,
        fileName,
        content,
        userId: session.user.id,
      }),
    );
    return Response.json(result);
  } catch (error) {
    const mapped = toTRPCError(error);
    const status = getHTTPStatusCodeFromError(mapped);
    // A database that is down answers 503 with a message; any other failure of ours stays a logged 500.
    if (status === 503) return Response.json({ error: mapped.message }, { status, headers: { "retry-after": "5" } });
    if (!(error instanceof DomainError) && status >= 500) throw error;
    return Response.json({ error: mapped.message }, { status });
  }
}
