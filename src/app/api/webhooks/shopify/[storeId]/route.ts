import { getDb } from "@/server/db/client";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/server/db/unavailable";
import { handleShopifyWebhook, MAX_WEBHOOK_BYTES, TOO_LARGE } from "@/server/webhooks/handle";

export const dynamic = "force-dynamic";

/** Shopify webhooks for one store: verified against the raw body, answered as soon as it is applied. */
export async function POST(req: Request, { params }: { params: Promise<{ storeId: string }> }) {
  const { storeId } = await params;
  const rawBody = await readCapped(req, MAX_WEBHOOK_BYTES);
  if (!rawBody) return Response.json(TOO_LARGE.body, { status: TOO_LARGE.status });
  try {
    const result = await handleShopifyWebhook(await getDb(), {
      storeId,
      rawBody,
      hmac: req.headers.get("x-shopify-hmac-sha256"),
      webhookId: req.headers.get("x-shopify-webhook-id"),
      topic: req.headers.get("x-shopify-topic"),
    });
    return Response.json(result.body, { status: result.status, headers: result.status === 503 ? { "retry-after": "5" } : undefined });
  } catch (error) {
    // The database could not even be opened (handleShopifyWebhook answers the same for a lost connection).
    if (isDatabaseUnavailable(error)) return Response.json({ error: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { "retry-after": "5" } });
    throw error;
  }
}

/** The body, or null as soon as it is known to be larger than `max` bytes (never read whole). */
async function readCapped(req: Request, max: number): Promise<Buffer | null> {
  if (Number(req.headers.get("content-length") ?? 0) > max) return null;
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
