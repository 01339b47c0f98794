/**
 * Only same-site paths may be sign-in destinations: a `callbackUrl` of `https://evil.example` or
 * `//evil.example` would otherwise turn our sign-in page into an open redirect.
 */
export function safeCallbackUrl(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** `/sign-in?callbackUrl=…&email=…`, leaving out what is not given. */
export function authHref(page: "/sign-in" | "/sign-up", params: { callbackUrl?: string; email?: string }): string {
  const query = new URLSearchParams();
  if (params.callbackUrl) query.set("callbackUrl", params.callbackUrl);
  if (params.email) query.set("email", params.email);
  const search = query.toString();
  return search ? `${page}?${search}` : page;
}

export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
