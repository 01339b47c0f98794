import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import pino from "pino";
import { appRouter } from "./root";
import { createRequestContext } from "./context";
import { toTRPCError } from "./errors";
import { isSameOrigin } from "../http/same-origin";

const log = pino({ name: "trpc" });

/** tRPC over HTTP, as a Fetch handler: `GET`/`POST /api/trpc/<procedures>?batch=1`. */
export function handleTrpcRequest(req: Request): Promise<Response> {
  if (req.method !== "GET" && req.method !== "POST") {
    return Promise.resolve(Response.json({ error: { message: `${req.method} is not supported here: use GET or POST.` } }, { status: 405, headers: { allow: "GET, POST" } }));
  }
  // Mutations must come from our own pages: a cross-site form or fetch cannot ride the session cookie.
  if (req.method === "POST" && !isSameOrigin(req)) {
    return Promise.resolve(Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 }));
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // Opening the database happens here, before any procedure's error mapping: map its failure too
    // (a database that is down is a 503 with a readable message, not a 500 quoting the socket error).
    createContext: () => createRequestContext(req.headers).catch((error: unknown) => Promise.reject(toTRPCError(error))),
    // Tell clients (and Shopify-style retriers) when to come back, while the database is away.
    responseMeta: ({ errors }) => (errors.some((e) => e.code === "SERVICE_UNAVAILABLE") ? { headers: { "retry-after": "5" } } : {}),
    onError: ({ path, error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ path, err: error.cause ?? error }, "procedure failed");
    },
  });
}
