/**
 * The Content-Security-Policy of the app's pages: scripts only from our origin and only when they carry
 * this response's nonce (Next.js puts it on its own scripts; 'strict-dynamic' lets those load the
 * chunks they need), no inline script, no plugins, no framing by any site. Styles may be inline: Radix
 * and Recharts position elements with style attributes, which cannot run code.
 * The public policy pages (`/p/…`) send a stricter policy of their own, with no script at all.
 */
export function appContentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Development needs eval for React's debugging and a websocket for hot reload; production never.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Two years, the preload list's minimum; sent only when the request reached us over TLS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** Whether the client's connection was TLS (directly, or as the proxy in front of us says). */
export function cameOverTls(url: string, forwardedProto: string | null): boolean {
  if (forwardedProto) return forwardedProto.split(",")[0]!.trim().toLowerCase() === "https";
  return url.startsWith("https:");
}
