import { createHmac, timingSafeEqual } from "node:crypto";

/** How long the previous secret keeps working after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 60 * 60 * 1000;

/**
 * Checks Shopify's `X-Shopify-Hmac-Sha256`: the base64 HMAC-SHA256 of the raw body under the store's
 * secret, compared in constant time. A header of the wrong length fails before comparing.
 */
export function verifyShopifyHmac(rawBody: Buffer, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header.trim(), "base64");
  } catch {
    return false;
  }
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

export function verifyWithRotation(
  rawBody: Buffer,
  header: string | null,
  store: { webhookSecret: string; previousWebhookSecret: string | null; webhookSecretRotatedAt: Date | null },
  now = new Date(),
): boolean {
  if (verifyShopifyHmac(rawBody, header, store.webhookSecret)) return true;
  const inGrace =
    store.previousWebhookSecret &&
    store.webhookSecretRotatedAt &&
    now.getTime() - store.webhookSecretRotatedAt.getTime() < PREVIOUS_SECRET_GRACE_MS;
  return Boolean(inGrace && verifyShopifyHmac(rawBody, header, store.previousWebhookSecret!));
}

export function signShopifyBody(rawBody: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}
