/**
 * CSRF defence for cookie-authenticated mutations: the browser's Origin (or, failing that, Referer)
 * must name this host. Requests without either (curl, server-to-server) carry no ambient cookie risk
 * only if they carry no session; they are accepted here and still need a valid session to act.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin") ?? refererOrigin(req.headers.get("referer"));
  if (!origin) return !req.headers.get("cookie");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
