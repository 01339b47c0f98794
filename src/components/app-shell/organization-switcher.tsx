"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Building2, ChevronsUpDown, Plus, Store } from "lucide-react";
import {
  DropdownMenu,
  DropdownMenuCheckItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/hooks/use-zod-form";
import { useOrganization, useSwitchOrganization } from "@/hooks/use-organization";
import { ROLE_LABELS } from "@/lib/roles";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

function OrganizationIcon({ kind, className }: { kind: "agency" | "merchant"; className?: string }) {
  const Icon = kind === "agency" ? Building2 : Store;
  return (
    <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-md bg-sidebar-accent text-sidebar-foreground", className)}>
      <Icon className="size-4" aria-hidden />
    </span>
  );
}

export function OrganizationSwitcher({ onNavigate }: { onNavigate?: () => void }) {
  const trpc = useTRPC();
  const organization = useOrganization();
  const { data: organizations } = useQuery(trpc.organization.mine.queryOptions());
  const switchOrganization = useSwitchOrganization();
  const toast = useToast();
  const [switchingTo, setSwitchingTo] = useState<string | null>(null);

  async function choose(id: string) {
    if (id === organization.id) return;
    setSwitchingTo(id);
    try {
      await switchOrganization(id);
      onNavigate?.();
    } catch (error) {
      toast.error("Could not switch organization", messageOf(error));
    } finally {
      setSwitchingTo(null);
    }
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="group flex w-full items-center gap-2.5 rounded-lg border border-white/8 bg-white/4 p-2 text-left transition-colors hover:bg-white/8 focus-visible:outline-ring data-[state=open]:bg-white/8"
        aria-label={`Organization: ${organization.name}. Switch organization`}
      >
        <OrganizationIcon kind={organization.kind} />
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate text-[13px] font-medium text-sidebar-foreground">{organization.name}</span>
          <span className="truncate text-xs text-sidebar-muted">
            {ROLE_LABELS[organization.role]} · {organization.kind === "agency" ? "Agency" : "Merchant"}
          </span>
        </span>
        {switchingTo ? (
          <Spinner className="text-sidebar-muted" />
        ) : (
          <ChevronsUpDown className="size-4 shrink-0 text-sidebar-muted" aria-hidden />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-60">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {(organizations ?? [{ ...organization }]).map((org) => (
          <DropdownMenuCheckItem
            key={org.id}
            checked={org.id === organization.id}
            disabled={switchingTo !== null}
            onSelect={() => void choose(org.id)}
          >
            <span className="grid min-w-0 leading-tight">
              <span className="truncate">{org.name}</span>
              <span className="truncate text-xs text-muted-foreground">{ROLE_LABELS[org.role]}</span>
            </span>
          </DropdownMenuCheckItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/onboarding" onClick={onNavigate}>
            <Plus aria-hidden />
            Create organization
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
