"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeLeftText } from "@/components/cases/time-left";
import { formatMoney } from "@/lib/money";
import { CASE_STATE_LABELS, type CaseState } from "@/lib/cases";
import { DEADLINE_KIND_LABELS } from "@/components/deadlines/labels";

/** The top of the dashboard: what needs action today, this month's money, open cases by state. */
export function ActionSummary() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.dashboard.summary.queryOptions());
  if (summary.isLoading) return <Skeleton className="h-48 w-full" />;
  if (!summary.data) return null;
  const { needsAction, needsActionCount, missedCount, month, openCases } = summary.data;
  return (
    <div className="grid gap-4 lg:grid-cols-3" data-testid="action-summary">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Needs action today</CardTitle>
          <CardDescription>
            {needsActionCount === 0
              ? "No deadline is near or missed."
              : `${needsActionCount} deadline${needsActionCount === 1 ? "" : "s"} due within a business day${missedCount ? `, ${missedCount} missed` : ""}.`}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y">
            {needsAction.map((d) => (
              <li key={d.key}>
                <Link href={d.link} className="flex items-center justify-between gap-3 py-2 text-sm hover:text-primary">
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{d.orderName}</span> · {DEADLINE_KIND_LABELS[d.kind]} · {d.storeName}
                  </span>
                  <TimeLeftText timeLeft={d.timeLeft} />
                </Link>
              </li>
            ))}
          </ul>
          {needsActionCount > needsAction.length || needsActionCount > 0 ? (
            <Link href="/deadlines" className="mt-3 inline-block text-sm font-medium text-primary hover:underline">
              Open the deadlines inbox
            </Link>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>This month</CardTitle>
          <CardDescription>Refunds to customers and money back from suppliers since {month.from}.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {month.byCurrency.length === 0 ? <p className="text-sm text-muted-foreground">No money moved yet this month.</p> : null}
          {month.byCurrency.map((m) => (
            <dl key={m.currency} className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Refunded</dt>
              <dd className="text-right tabular-nums">{formatMoney(m.refundedMinor, m.currency)}</dd>
              <dt className="text-muted-foreground">Recovered</dt>
              <dd className="text-right tabular-nums">{formatMoney(m.recoveredMinor, m.currency)}</dd>
              <dt className="font-medium">Net loss</dt>
              <dd className="text-right font-medium tabular-nums">{formatMoney(m.netLossMinor, m.currency)}</dd>
            </dl>
          ))}
          <div>
            <p className="mb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Open cases</p>
            <ul className="space-y-1 text-sm">
              {openCases.length === 0 ? <li className="text-muted-foreground">None</li> : null}
              {openCases.map((c) => (
                <li key={c.state} className="flex justify-between">
                  <Link href={`/cases?state=${c.state}`} className="hover:text-primary">
                    {CASE_STATE_LABELS[c.state as CaseState] ?? c.state}
                  </Link>
                  <span className="tabular-nums">{c.count}</span>
                </li>
              ))}
            </ul>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
