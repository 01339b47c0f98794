import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { isSameOrigin } from "@/server/http/same-origin";
import pino from "pino";

const log = pino({ name: "trpc" });

const handler = (req: Request) => {
  // Mutations must come from our own pages: a cross-site form or fetch cannot ride the session cookie.
  if (req.method === "POST" && !isSameOrigin(req)) {
    return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext(req.headers),
    onError: ({ path, error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ path, err: error.cause ?? error }, "procedure failed");
    },
  });
};

export { handler as GET, handler as POST };
