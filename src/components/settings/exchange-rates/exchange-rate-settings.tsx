"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { ArrowLeftRight, Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Separator } from "@/components/ui/separator";
import { SkeletonRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useOrganization } from "@/hooks/use-organization";
import { formatDay, localToday } from "@/components/reports/report-format";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { SettingsSection } from "../settings-section";
import { AddRateForm } from "./add-rate-form";

type Rate = RouterOutputs["report"]["rates"][number];
type RateStatus = "in_use" | "overridden" | "scheduled" | "ended";

const STATUS: Record<RateStatus, { label: string; variant: "success" | "neutral" | "outline" | "primary"; hint: string }> = {
  in_use: { label: "In use today", variant: "success", hint: "Reports ending today convert at this rate." },
  overridden: { label: "Overridden", variant: "outline", hint: "It covers today, but a rate that starts later wins." },
  scheduled: { label: "Starts later", variant: "primary", hint: "Not valid yet." },
  ended: { label: "Ended", variant: "outline", hint: "Still used for reports whose period ends while it was valid." },
};

const subscribeNothing = () => () => {};

/** Each rate's standing today: the one applied is the latest-starting rate that covers the day. */
function statuses(rates: Rate[], today: string): Map<string, RateStatus> {
  const result = new Map<string, RateStatus>();
  const applied = new Set<string>();
  // The list comes newest start first within a currency, as the server picks them.
  for (const rate of rates) {
    if (rate.validFrom > today) result.set(rate.id, "scheduled");
    else if (rate.validTo !== null && rate.validTo < today) result.set(rate.id, "ended");
    else if (applied.has(rate.currency)) result.set(rate.id, "overridden");
    else {
      applied.add(rate.currency);
      result.set(rate.id, "in_use");
    }
  }
  return result;
}

/** The exchange-rate table the loss report rolls currencies up with; owners and admins edit it. */
export function ExchangeRateSettings({ initialCurrency, initialValidFrom }: { initialCurrency?: string; initialValidFrom?: string }) {
  const organization = useOrganization();
  const canManage = organization.can("rates:manage");
  const target = organization.reportingCurrency;

  return (
    <div className="grid gap-8">
      <SettingsSection
        title="Exchange rates"
        description={
          <>
            What 1 unit of each currency is worth in {target}, the reporting currency. The{" "}
            <Link href="/reports" className="text-primary hover:underline">
              loss report
            </Link>{" "}
            converts each period at the rates valid on its last day; where no rate covers that day it says so instead of guessing.
          </>
        }
      >
        <RateTable canManage={canManage} target={target} />
      </SettingsSection>
      {canManage ? (
        <>
          <Separator />
          <SettingsSection title="Add a rate" description="A newer rate does not change an older one: each applies to the days it covers. Every change is in the audit log.">
            <AddRateForm reportingCurrency={target} initialCurrency={initialCurrency} initialValidFrom={initialValidFrom} />
          </SettingsSection>
        </>
      ) : null}
    </div>
  );
}

function RateTable({ canManage, target }: { canManage: boolean; target: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const rates = useQuery(trpc.report.rates.queryOptions());
  const remove = useMutation(trpc.report.removeRate.mutationOptions());
  const [removing, setRemoving] = useState<Rate | null>(null);
  // The reader's today; null while rendering on the server, whose date may differ.
  const today = useSyncExternalStore(subscribeNothing, localToday, () => null);
  const status = today ? statuses(rates.data ?? [], today) : new Map<string, RateStatus>();

  async function confirmRemove(rate: Rate) {
    await remove.mutateAsync({ rateId: rate.id });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.report.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
    toast.success("Rate removed", `1 ${rate.currency} = ${rate.rate} ${target} from ${rate.validFrom}.`);
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Rates into {target}</CardTitle>
          <CardDescription>{canManage ? "Remove a rate entered by mistake; add the corrected one below." : "Only owners and admins can change rates."}</CardDescription>
        </div>
      </CardHeader>
      {rates.isPending ? (
        <SkeletonRows className="border-t px-5 py-4" rows={3} />
      ) : rates.isError ? (
        <p className="border-t px-5 py-4 text-sm text-destructive">{rates.error.message}</p>
      ) : rates.data.length === 0 ? (
        <EmptyState
          className="border-t"
          icon={ArrowLeftRight}
          title="No rates yet"
          description={`Reports across currencies show a missing rate until one is added for each currency your stores sell in.`}
        />
      ) : (
        <Table containerClassName="border-t" aria-label={`Exchange rates into ${target}`} data-testid="rates-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Currency</TableHead>
              <TableHead className="text-right">Rate</TableHead>
              <TableHead>Valid from</TableHead>
              <TableHead className="hidden sm:table-cell">Valid to</TableHead>
              <TableHead className="hidden sm:table-cell">Status</TableHead>
              {canManage ? (
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rates.data.map((rate) => {
              const standing = status.get(rate.id);
              const s = standing ? STATUS[standing] : null;
              return (
                <TableRow key={rate.id} data-testid="rate-row" data-currency={rate.currency}>
                  <TableCell>
                    <Badge>{rate.currency}</Badge>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-right tabular-nums">
                    <span className="sr-only">1 {rate.currency} = </span>
                    {rate.rate} <span className="hidden text-muted-foreground sm:inline">{target}</span>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {formatDay(rate.validFrom)}
                    {/* A phone has no room for the "Valid to" column: the end goes under the start. */}
                    <span className="block text-xs text-muted-foreground sm:hidden">{rate.validTo ? `to ${formatDay(rate.validTo)}` : "open-ended"}</span>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap sm:table-cell">
                    {rate.validTo ? formatDay(rate.validTo) : <span className="text-muted-foreground">Open-ended</span>}
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    {s ? (
                      <Badge variant={s.variant} title={s.hint}>
                        {s.label}
                      </Badge>
                    ) : null}
                  </TableCell>
                  {canManage ? (
                    <TableCell>
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        aria-label={`Remove the ${rate.currency} rate from ${formatDay(rate.validFrom)}`}
                        onClick={() => setRemoving(rate)}
                        className="text-muted-foreground hover:text-destructive"
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {canManage ? (
        <ConfirmDialog
          open={removing !== null}
          onOpenChange={(open) => !open && setRemoving(null)}
          title={removing ? `Remove 1 ${removing.currency} = ${removing.rate} ${target}?` : "Remove the rate?"}
          description="Reports over the days it covered show the rate as missing unless another rate covers them. The removal is recorded in the audit log."
          confirmLabel="Remove rate"
          destructive
          onConfirm={() => (removing ? confirmRemove(removing) : Promise.resolve())}
        />
      ) : null}
    </Card>
  );
}
