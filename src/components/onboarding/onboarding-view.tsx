"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ArrowRight, Building2, Store } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { useSwitchOrganization } from "@/hooks/use-organization";
import { messageOf } from "@/hooks/use-zod-form";
import { ROLE_LABELS } from "@/lib/roles";
import { useTRPC } from "@/trpc/react";
import { CreateOrganizationForm } from "./create-organization-form";

export function OnboardingView() {
  const trpc = useTRPC();
  const organizations = useQuery(trpc.organization.mine.queryOptions());
  const hasOrganizations = (organizations.data?.length ?? 0) > 0;

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">
          {hasOrganizations ? "Create another organization" : "Set up your organization"}
        </h1>
        <p className="mt-1.5 text-sm leading-relaxed text-muted-foreground">
          An organization holds your stores, your team and every case you work. If a teammate already uses Recoup,
          ask them for an invitation link instead.
        </p>
      </div>
      <Card>
        <CardContent className="pt-5">
          <CreateOrganizationForm />
        </CardContent>
      </Card>
      {organizations.isPending ? (
        <Skeleton className="h-28 w-full rounded-xl" />
      ) : hasOrganizations ? (
        <YourOrganizations organizations={organizations.data ?? []} />
      ) : null}
    </div>
  );
}

function YourOrganizations({
  organizations,
}: {
  organizations: { id: string; name: string; slug: string; kind: "agency" | "merchant"; role: keyof typeof ROLE_LABELS }[];
}) {
  const switchOrganization = useSwitchOrganization();
  const toast = useToast();
  const [opening, setOpening] = useState<string | null>(null);

  async function open(id: string) {
    setOpening(id);
    try {
      await switchOrganization(id);
    } catch (error) {
      toast.error("Could not open the organization", messageOf(error));
      setOpening(null);
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Your organizations</CardTitle>
          <CardDescription>Or continue in one you already belong to.</CardDescription>
        </div>
      </CardHeader>
      <ul className="divide-y border-t">
        {organizations.map((org) => {
          const Icon = org.kind === "agency" ? Building2 : Store;
          return (
            <li key={org.id} className="flex items-center gap-3 px-5 py-3">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-muted text-muted-foreground">
                <Icon className="size-4" aria-hidden />
              </span>
              <span className="grid min-w-0 flex-1 leading-tight">
                <span className="truncate text-sm font-medium">{org.name}</span>
                <span className="truncate text-xs text-muted-foreground">
                  {ROLE_LABELS[org.role]} · {org.kind === "agency" ? "Agency" : "Merchant"}
                </span>
              </span>
              <Button variant="secondary" size="sm" loading={opening === org.id} disabled={opening !== null} onClick={() => void open(org.id)}>
                Open
                <ArrowRight aria-hidden />
              </Button>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
