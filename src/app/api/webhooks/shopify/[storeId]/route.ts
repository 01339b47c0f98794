import { getDb } from "@/server/db/client";
import { handleShopifyWebhook } from "@/server/webhooks/handle";

export const dynamic = "force-dynamic";

/** Shopify webhooks for one store: verified against the raw body, answered as soon as it is applied. */
export async function POST(req: Request, { params }: { params: Promise<{ storeId: string }> }) {
  const { storeId } = await params;
  const rawBody = Buffer.from(await req.arrayBuffer());
  const result = await handleShopifyWebhook(await getDb(), {
    storeId,
    rawBody,
    hmac: req.headers.get("x-shopify-hmac-sha256"),
    webhookId: req.headers.get("x-shopify-webhook-id"),
    topic: req.headers.get("x-shopify-topic"),
  });
  return Response.json(result.body, { status: result.status });
}
