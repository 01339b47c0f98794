/**
 * The client's address for throttling. Behind a proxy the first `X-Forwarded-For` hop is the client;
 * deploy behind a proxy that overwrites the header, or set RECOUP_TRUST_PROXY=0 to ignore it.
 */
export function clientAddress(headers: Headers): string | null {
  if (process.env.RECOUP_TRUST_PROXY !== "0") {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
    const real = headers.get("x-real-ip")?.trim();
    if (real) return real;
  }
  return null;
}
