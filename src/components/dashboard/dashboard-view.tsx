"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowRight, Clock3, Plus, ScrollText, Settings, ShieldCheck, Store, Users, type LucideIcon } from "lucide-react";
import { PageContainer, PageHeader } from "@/components/app-shell/page-header";
import { ActionSummary } from "./action-summary";
import { ActorIcon, AuditSentence, EventTime } from "@/components/audit/audit-event";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton, SkeletonRows } from "@/components/ui/skeleton";
import { useOrganization } from "@/hooks/use-organization";
import { countryName } from "@/lib/locale-data";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/roles";
import { cn } from "@/lib/utils";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

export function DashboardView() {
  const trpc = useTRPC();
  const organization = useOrganization();
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: true }));
  const members = useQuery(trpc.member.list.queryOptions());
  const activity = useQuery(trpc.audit.list.queryOptions({ limit: 10 }));

  const activeStores = stores.data?.filter((s) => !s.archivedAt) ?? [];
  const archivedCount = (stores.data?.length ?? 0) - activeStores.length;
  const storeNames = new Map(stores.data?.map((s) => [s.id, s.name]));
  const canManageStores = organization.can("stores:manage");

  return (
    <PageContainer className="grid gap-6">
      <PageHeader
        title={organization.name}
        description={`${organization.kind === "agency" ? "Agency" : "Merchant"} overview: what needs action today, this month’s refunds, your stores and the latest activity.`}
        actions={
          <Button asChild variant="secondary">
            <Link href="/settings">
              <Settings aria-hidden />
              Settings
            </Link>
          </Button>
        }
      />

      <ActionSummary />

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3">
        <Stat
          icon={Store}
          label="Active stores"
          value={stores.isPending ? null : activeStores.length}
          detail={archivedCount > 0 ? `${archivedCount} archived` : organization.storeIds ? "Granted to you" : "Across the organization"}
          href="/settings/stores"
        />
        <Stat
          icon={Users}
          label="Members"
          value={members.isPending ? null : (members.data?.length ?? 0)}
          detail="People with access"
          href="/settings/members"
        />
        <Stat
          icon={ShieldCheck}
          label="Your role"
          value={ROLE_LABELS[organization.role]}
          detail={ROLE_DESCRIPTIONS[organization.role]}
          className="col-span-2 lg:col-span-1"
        />
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-5">
        <div className="grid gap-6 lg:col-span-3">
          <Card>
            <CardHeader>
              <div>
                <CardTitle>Stores</CardTitle>
                <CardDescription>Deadlines run in each store&apos;s own time zone and country.</CardDescription>
              </div>
              {canManageStores && activeStores.length > 0 ? (
                <Button asChild variant="secondary" size="sm">
                  <Link href="/settings/stores">Manage stores</Link>
                </Button>
              ) : null}
            </CardHeader>
            {stores.isPending ? (
              <SkeletonRows rows={3} className="border-t px-5 py-4" />
            ) : stores.isError ? (
              <p className="border-t px-5 py-4 text-sm text-destructive">{stores.error.message}</p>
            ) : activeStores.length === 0 ? (
              <EmptyState
                className="border-t"
                icon={Store}
                title="No stores yet"
                description={
                  canManageStores
                    ? "Add your first store to start importing orders and tracking cancellations."
                    : "Nobody has added a store you can see yet."
                }
                action={
                  canManageStores ? (
                    <Button asChild size="sm">
                      <Link href="/settings/stores?add=1">
                        <Plus aria-hidden />
                        Add store
                      </Link>
                    </Button>
                  ) : null
                }
              />
            ) : (
              <ul className="divide-y border-t" aria-label="Stores">
                {activeStores.map((store) => (
                  <li key={store.id} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-5 py-3 sm:gap-x-4">
                    <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-muted text-xs font-semibold text-muted-foreground">
                      {store.name.slice(0, 2).toUpperCase()}
                    </span>
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium">{store.name}</p>
                      <p className="truncate text-xs text-muted-foreground">{store.shopDomain ?? store.slug}</p>
                    </div>
                    <div className="flex basis-full flex-wrap items-center gap-1.5 pl-11 text-xs text-muted-foreground sm:basis-auto sm:pl-0">
                      <Badge>{store.currency}</Badge>
                      <Badge variant="outline" title={countryName(store.country)}>
                        {store.country}
                      </Badge>
                      <span className="inline-flex items-center gap-1 whitespace-nowrap">
                        <Clock3 className="size-3" aria-hidden />
                        {store.timezone}
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <TeamCard members={members.data} pending={members.isPending} canManage={organization.can("members:manage")} />
        </div>

        <Card className="lg:col-span-2">
          <CardHeader>
            <div>
              <CardTitle>Recent activity</CardTitle>
              <CardDescription>The latest entries in the audit log.</CardDescription>
            </div>
            {organization.can("audit:read") ? (
              <Button asChild variant="ghost" size="sm" className="-mr-2">
                <Link href="/audit">
                  View all
                  <ArrowRight aria-hidden />
                </Link>
              </Button>
            ) : null}
          </CardHeader>
          {activity.isPending ? (
            <SkeletonRows rows={4} className="border-t px-5 py-4" />
          ) : activity.isError ? (
            <p className="border-t px-5 py-4 text-sm text-destructive">{activity.error.message}</p>
          ) : activity.data.items.length === 0 ? (
            <EmptyState className="border-t" icon={ScrollText} title="No activity yet" description="Changes to stores, members and cases appear here." />
          ) : (
            <ol className="divide-y border-t" aria-label="Recent activity">
              {activity.data.items.map((event) => (
                <li key={event.id} className="flex gap-3 px-5 py-3">
                  <ActorIcon event={event} className="mt-0.5" />
                  <div className="min-w-0 flex-1">
                    <AuditSentence event={event} className="break-words" />
                    <div className="mt-1 flex flex-wrap items-center gap-1.5">
                      <EventTime date={event.createdAt} />
                      {event.storeId && storeNames.get(event.storeId) ? (
                        <Badge variant="outline" className="text-[11px]">
                          {storeNames.get(event.storeId)}
                        </Badge>
                      ) : null}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </PageContainer>
  );
}

function TeamCard({
  members,
  pending,
  canManage,
}: {
  members: RouterOutputs["member"]["list"] | undefined;
  pending: boolean;
  canManage: boolean;
}) {
  const shown = members?.slice(0, 6) ?? [];
  const more = (members?.length ?? 0) - shown.length;
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <div>
          <CardTitle>Team</CardTitle>
          <CardDescription>Who can see and work this organization&apos;s stores.</CardDescription>
        </div>
        <Button asChild variant="secondary" size="sm">
          <Link href="/settings/members">{canManage ? "Manage members" : "View members"}</Link>
        </Button>
      </CardHeader>
      {pending ? (
        <SkeletonRows rows={3} className="border-t px-5 py-4" />
      ) : (
        <ul className="-mb-px grid border-t sm:grid-cols-2" aria-label="Team">
          {shown.map((member) => (
            <li key={member.userId} className="flex items-center gap-3 border-b px-5 py-3 sm:odd:not-last:border-r">
              <Avatar name={member.name || member.email} />
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{member.name || member.email}</p>
                <p className="truncate text-xs text-muted-foreground">{member.email}</p>
              </div>
              <Badge variant={member.role === "owner" ? "primary" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
            </li>
          ))}
          {more > 0 ? (
            <li className="px-5 py-3 text-[13px] text-muted-foreground sm:col-span-2">
              and {more} more
            </li>
          ) : null}
        </ul>
      )}
    </Card>
  );
}

function Stat({
  icon: Icon,
  label,
  value,
  detail,
  href,
  className,
}: {
  icon: LucideIcon;
  label: string;
  value: number | string | null;
  detail: string;
  href?: string;
  className?: string;
}) {
  const body = (
    <>
      <div className="flex items-center justify-between">
        <span className="text-[13px] font-medium text-muted-foreground">{label}</span>
        <Icon className="size-4 text-muted-foreground/70" aria-hidden />
      </div>
      {value === null ? (
        <Skeleton className="mt-2 h-7 w-12" />
      ) : (
        <p className="mt-1.5 text-2xl font-semibold tracking-tight tabular-nums">{value}</p>
      )}
      <p className="mt-1 line-clamp-2 text-xs leading-snug text-muted-foreground">{detail}</p>
    </>
  );
  return (
    <Card className={cn("p-4", className)}>
      {href ? (
        <Link href={href} className="-m-4 block rounded-xl p-4 transition-colors hover:bg-muted/30">
          {body}
        </Link>
      ) : (
        body
      )}
    </Card>
  );
}
