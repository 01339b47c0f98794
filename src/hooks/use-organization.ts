"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import type { Permission } from "@/lib/roles";
import { useTRPC } from "@/trpc/react";

/**
 * The organization the signed-in user is acting in, with their role and permissions. The app layout
 * prefetches it on the server, so it is there on the first render. `can` decides which buttons show:
 * exactly those the server would accept.
 */
export function useOrganization() {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.organization.current.queryOptions());
  const can = useCallback((permission: Permission) => (data.permissions as string[]).includes(permission), [data.permissions]);
  return { ...data, can };
}

/**
 * Makes another organization the active one. The choice lives in the session token, which the server
 * re-checks against memberships; every cached query belonged to the old organization, so all refetch.
 */
export function useSwitchOrganization() {
  const { update } = useSession();
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    async (organizationId: string, options: { to?: string } = {}) => {
      await update({ organizationId });
      await queryClient.invalidateQueries();
      router.push(options.to ?? "/dashboard");
      router.refresh();
    },
    [update, queryClient, router],
  );
}
