import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { makeQueryClient } from "./query-client";

/** One query client per server request, so prefetched data is dehydrated once into the page. */
export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set("x-trpc-source", "rsc");
  return createRequestContext(heads);
});

/** tRPC for server components: `getQueryClient().fetchQuery(trpc.x.y.queryOptions())`. */
export const trpc = createTRPCOptionsProxy({ router: appRouter, ctx: createContext, queryClient: getQueryClient });

/** Hands what server components prefetched to the client components below, without a refetch. */
export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
