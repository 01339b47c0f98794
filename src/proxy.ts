import { NextResponse, type NextRequest } from "next/server";
import { STRICT_TRANSPORT_SECURITY, appContentSecurityPolicy, cameOverTls } from "@/server/http/csp";

/**
 * Runs before every page: a fresh CSP nonce per response (Next.js reads it from the request's
 * Content-Security-Policy header and stamps it on its scripts), and HSTS when the request came over
 * TLS. API routes and the script-free public policy pages set their own headers.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = appContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (cameOverTls(request.url, request.headers.get("x-forwarded-proto"))) {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|p/).*)",
      // Prefetches render nothing a browser executes, so they need no nonce of their own.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
