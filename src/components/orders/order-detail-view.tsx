"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ArrowLeft, Clock3, PackageSearch, Pencil, Plus, ShoppingBag, Store, Truck } from "lucide-react";
import { PageContainer } from "@/components/app-shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useOrganization } from "@/hooks/use-organization";
import { codeOf } from "@/hooks/use-zod-form";
import { formatMoney } from "@/lib/money";
import { CANCEL_REASON_LABELS, type CancelReason } from "@/lib/orders";
import { cn } from "@/lib/utils";
import { formatZonedDateTime, formatZonedFull } from "@/lib/zoned-time";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { OrderTimeline } from "./order-timeline";
import { OrderCasePanel } from "@/components/cases/order-case-panel";
import { isOpenSupplierStatus } from "./ship-by";
import { FinancialStatusBadge, FulfillmentStatusBadge, LineItemStatusBadge, SupplierStatusBadge } from "./status-badges";
import { SupplierOrderDialog, type SupplierOrderRow } from "./supplier-order-dialog";

type OrderDetail = RouterOutputs["order"]["get"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function OrderDetailView({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(orderId);
  const detail = useQuery({ ...trpc.order.get.queryOptions({ orderId }), enabled: valid, retry: (count, error) => codeOf(error) !== "NOT_FOUND" && count < 2 });

  if (!valid || (detail.isError && ["NOT_FOUND", "BAD_REQUEST"].includes(codeOf(detail.error) ?? ""))) {
    return (
      <PageContainer className="max-w-7xl">
        <BackLink />
        <Card className="mt-4">
          <EmptyState
            icon={PackageSearch}
            title="This order isn't here"
            description="It may belong to a store you can't see, or the link is mistyped. Search the orders list for it instead."
            action={
              <Button asChild size="sm" variant="secondary">
                <Link href="/orders">Go to orders</Link>
              </Button>
            }
          />
        </Card>
      </PageContainer>
    );
  }

  if (detail.isError) {
    return (
      <PageContainer className="max-w-7xl">
        <BackLink />
        <Alert variant="destructive" title="The order could not be loaded" className="mt-4">
          {detail.error.message}
        </Alert>
      </PageContainer>
    );
  }

  if (!detail.data) return <DetailSkeleton />;
  return <OrderDetailContent detail={detail.data} />;
}

function BackLink() {
  return (
    <Link
      href="/orders"
      className="inline-flex items-center gap-1.5 rounded text-[13px] font-medium text-muted-foreground transition-colors hover:text-foreground"
    >
      <ArrowLeft className="size-3.5" aria-hidden />
      Orders
    </Link>
  );
}

function OrderDetailContent({ detail }: { detail: OrderDetail }) {
  const { order, store } = detail;
  const organization = useOrganization();
  const canEdit = organization.can("cases:work");
  const [editing, setEditing] = useState<{ supplierOrder?: SupplierOrderRow } | null>(null);
  const tz = store.timezone;

  return (
    <PageContainer className="grid max-w-7xl gap-6">
      <div className="grid gap-3">
        <BackLink />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 className="text-xl font-semibold tracking-tight sm:text-[22px]">{order.name}</h1>
              <div className="flex flex-wrap items-center gap-1.5">
                <FinancialStatusBadge status={order.financialStatus} />
                <FulfillmentStatusBadge status={order.fulfillmentStatus} />
                {order.cancelledAt ? <Badge variant="destructive">Cancelled</Badge> : null}
              </div>
            </div>
            <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
              <span className="inline-flex items-center gap-1.5 font-medium text-foreground/80">
                <Store className="size-3.5" aria-hidden />
                {store.name}
              </span>
              <span aria-hidden>·</span>
              <span title={formatZonedFull(order.placedAt, tz)}>Placed {formatZonedDateTime(order.placedAt, tz)}</span>
              <span aria-hidden>·</span>
              <span>Times in {tz}</span>
            </p>
          </div>
          <div className="flex shrink-0 items-baseline gap-2 sm:flex-col sm:items-end sm:gap-0">
            <span className="text-xs font-medium text-muted-foreground">Total</span>
            <span className="text-lg font-semibold tabular-nums">{formatMoney(order.totalMinor, order.currency)}</span>
          </div>
        </div>
      </div>

      <OrderCasePanel orderId={order.id} />

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <section aria-labelledby="store-half" className="grid gap-6">
          <StoreOrderCard detail={detail} />
          <LineItemsCard detail={detail} />
        </section>
        <section aria-labelledby="supplier-half" className="grid gap-6">
          <SupplierOrdersCard detail={detail} canEdit={canEdit} onAdd={() => setEditing({})} onEdit={(supplierOrder) => setEditing({ supplierOrder })} />
          <DeadlinesCard detail={detail} />
        </section>
      </div>

      <OrderTimeline detail={detail} />

      {canEdit ? (
        <SupplierOrderDialog
          open={editing !== null}
          onOpenChange={(open) => (open ? null : setEditing(null))}
          detail={detail}
          supplierOrder={editing?.supplierOrder}
        />
      ) : null}
    </PageContainer>
  );
}

function Field({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("grid min-w-0 content-start gap-0.5", className)}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words text-[13px] text-foreground">{children}</dd>
    </div>
  );
}

const muted = <span className="text-muted-foreground">—</span>;

function StoreOrderCard({ detail }: { detail: OrderDetail }) {
  const { order, store } = detail;
  const tz = store.timezone;
  const money = (minor: number) => formatMoney(minor, order.currency);
  const refunded = order.storeRefundedMinor;
  const amounts: { label: string; value: string; strong?: boolean; tone?: string }[] = [
    { label: "Subtotal", value: money(order.subtotalMinor) },
    { label: "Shipping", value: money(order.shippingMinor) },
    { label: "Tax", value: money(order.taxMinor) },
    { label: "Discount", value: order.discountMinor > 0 ? `−${money(order.discountMinor)}` : money(0) },
    { label: "Total", value: money(order.totalMinor), strong: true },
    { label: "Refunded", value: refunded > 0 ? `−${money(refunded)}` : money(0), tone: refunded > 0 ? "text-destructive" : undefined },
  ];
  if (order.ledgerRefundedMinor > 0 && order.ledgerRefundedMinor !== refunded) {
    amounts.push({ label: "Refunds recorded in Recoup", value: `−${money(order.ledgerRefundedMinor)}`, tone: "text-destructive" });
  }
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle id="store-half" className="flex items-center gap-2">
            <ShoppingBag className="size-4 text-muted-foreground" aria-hidden />
            Store order
          </CardTitle>
          <CardDescription>What the customer bought and paid in {store.name}.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-5">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
          <Field label="Customer" className="col-span-2 sm:col-span-1">
            <span className="font-medium">{order.customerName ?? "—"}</span>
            {order.email ? (
              <a href={`mailto:${order.email}`} className="block truncate text-primary hover:underline">
                {order.email}
              </a>
            ) : null}
          </Field>
          <Field label="Payment">
            <FinancialStatusBadge status={order.financialStatus} />
          </Field>
          <Field label="Fulfillment">
            <FulfillmentStatusBadge status={order.fulfillmentStatus} />
          </Field>
          <Field label="Paid">{order.paidAt ? formatZonedDateTime(order.paidAt, tz) : muted}</Field>
          <Field label="Fulfilled">{order.fulfilledAt ? formatZonedDateTime(order.fulfilledAt, tz) : muted}</Field>
          <Field label="Ships to">{order.shippingCountry ?? muted}</Field>
          {order.cancelledAt ? (
            <Field label="Cancelled" className="col-span-2 sm:col-span-3">
              {formatZonedDateTime(order.cancelledAt, tz)}
              {order.cancelReason ? ` · ${CANCEL_REASON_LABELS[order.cancelReason as CancelReason] ?? order.cancelReason}` : null}
            </Field>
          ) : null}
          {order.note ? (
            <Field label="Note" className="col-span-2 sm:col-span-3">
              <span className="italic text-foreground/80">“{order.note}”</span>
            </Field>
          ) : null}
        </dl>
        <dl className="grid gap-1.5 rounded-lg border bg-muted/30 px-4 py-3 text-[13px]" aria-label="Amounts">
          {amounts.map((row) => (
            <div
              key={row.label}
              className={cn("flex items-baseline justify-between gap-4", row.strong && "mt-0.5 border-t pt-2 text-sm font-semibold")}
            >
              <dt className={cn(!row.strong && "text-muted-foreground")}>{row.label}</dt>
              <dd className={cn("tabular-nums", row.tone)}>{row.value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

function LineItemsCard({ detail }: { detail: OrderDetail }) {
  const { order, lineItems } = detail;
  const money = (minor: number) => formatMoney(minor, order.currency);
  const units = lineItems.reduce((sum, li) => sum + li.quantity, 0);
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Line items</CardTitle>
        <span className="text-xs text-muted-foreground">{units === 1 ? "1 unit" : `${units} units`}</span>
      </CardHeader>
      {lineItems.length === 0 ? (
        <p className="border-t px-5 py-4 text-sm text-muted-foreground">This order has no line items.</p>
      ) : (
        <Table containerClassName="border-t" className="text-[13px]">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Item</TableHead>
              <TableHead className="text-right">Qty</TableHead>
              <TableHead className="hidden text-right sm:table-cell">Unit price</TableHead>
              <TableHead className="text-right">Total</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lineItems.map((item) => (
              <TableRow key={item.id} data-testid="line-item">
                <TableCell className="min-w-0 align-top">
                  <span className="block font-medium">{item.title}</span>
                  <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
                    <span className="font-mono" title="SKU">
                      {item.sku ?? "No SKU"}
                    </span>
                    <LineItemStatusBadge status={item.fulfillmentStatus} />
                    <span className="sm:hidden">{money(item.unitPriceMinor)} each</span>
                  </span>
                </TableCell>
                <TableCell className="text-right align-top tabular-nums">{item.quantity}</TableCell>
                <TableCell className="hidden whitespace-nowrap text-right align-top tabular-nums sm:table-cell">{money(item.unitPriceMinor)}</TableCell>
                <TableCell className="whitespace-nowrap text-right align-top font-medium tabular-nums">{money(item.unitPriceMinor * item.quantity)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

type TimeLeft = NonNullable<SupplierOrderRow["shipByTimeLeft"]>;

/** Overdue is red, a business day or less amber: the two that need someone today. */
function timeLeftTone(timeLeft: TimeLeft): "destructive" | "warning" | "neutral" {
  if (timeLeft.overdue) return "destructive";
  return timeLeft.businessDaysLeft <= 1 ? "warning" : "neutral";
}

function TimeLeftBadge({ timeLeft }: { timeLeft: TimeLeft }) {
  const tone = timeLeftTone(timeLeft);
  return (
    <Badge
      variant={tone}
      className={cn("whitespace-normal", tone === "neutral" && "bg-transparent text-muted-foreground")}
      data-testid="time-left"
    >
      {tone !== "neutral" ? <Clock3 aria-hidden /> : null}
      {timeLeft.label}
    </Badge>
  );
}

function SupplierOrdersCard({
  detail,
  canEdit,
  onAdd,
  onEdit,
}: {
  detail: OrderDetail;
  canEdit: boolean;
  onAdd: () => void;
  onEdit: (supplierOrder: SupplierOrderRow) => void;
}) {
  const { supplierOrders, store } = detail;
  const tz = store.timezone;
  return (
    <Card>
      <CardHeader className="sm:flex-nowrap">
        <div className="min-w-0 flex-1">
          <CardTitle id="supplier-half" className="flex items-center gap-2">
            <Truck className="size-4 text-muted-foreground" aria-hidden />
            Supplier orders
          </CardTitle>
          <CardDescription>What was bought from the supplier to fulfil it.</CardDescription>
        </div>
        {canEdit && supplierOrders.length > 0 ? (
          <Button variant="secondary" size="sm" onClick={onAdd}>
            <Plus aria-hidden />
            Add supplier order
          </Button>
        ) : null}
      </CardHeader>
      {supplierOrders.length === 0 ? (
        <EmptyState
          className="border-t py-8"
          icon={Truck}
          title="No supplier order yet"
          description="Link the order you placed with the supplier to watch its ship-by and cancel it in time."
          action={
            canEdit ? (
              <Button size="sm" onClick={onAdd}>
                <Plus aria-hidden />
                Add supplier order
              </Button>
            ) : null
          }
        />
      ) : (
        <CardContent className="grid gap-3">
          {supplierOrders.map((so) => (
            <article key={so.id} className="rounded-lg border p-4" data-testid="supplier-order" aria-label={`${so.supplier} order ${so.supplierOrderNumber}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="text-sm font-semibold">{so.supplier}</p>
                  <p className="font-mono text-xs text-muted-foreground">{so.supplierOrderNumber}</p>
                </div>
                <div className="flex items-center gap-1.5">
                  {so.cancellationPending ? <Badge variant="warning">Cancellation requested</Badge> : null}
                  {so.disputeOpen ? <Badge variant="destructive">Dispute open</Badge> : null}
                  <SupplierStatusBadge status={so.status} />
                  {canEdit ? (
                    <Button variant="ghost" size="icon-sm" onClick={() => onEdit(so)} aria-label={`Edit ${so.supplier} order ${so.supplierOrderNumber}`}>
                      <Pencil aria-hidden />
                    </Button>
                  ) : null}
                </div>
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3 lg:grid-cols-2 2xl:grid-cols-3">
                <Field label="Cost">
                  <span className="tabular-nums">{formatMoney(so.costMinor, so.currency)}</span>
                </Field>
                <Field label="Paid">{so.paidAt ? formatZonedDateTime(so.paidAt, tz) : <span className="text-muted-foreground">Not paid</span>}</Field>
                <Field label="Ship by">
                  {so.shipBy ? (
                    <span className="grid justify-items-start gap-1">
                      <span title={formatZonedFull(so.shipBy, tz)}>{formatZonedDateTime(so.shipBy, tz)}</span>
                      {so.shipByTimeLeft ? <TimeLeftBadge timeLeft={so.shipByTimeLeft} /> : null}
                    </span>
                  ) : (
                    <span className="text-muted-foreground">Set once paid</span>
                  )}
                </Field>
                <Field label="Shipped">{so.shippedAt ? formatZonedDateTime(so.shippedAt, tz) : muted}</Field>
                <Field label="Carrier">{so.carrier ?? muted}</Field>
                <Field label="Tracking">{so.trackingNumber ? <span className="font-mono text-xs">{so.trackingNumber}</span> : muted}</Field>
              </dl>
            </article>
          ))}
        </CardContent>
      )}
    </Card>
  );
}

function DeadlinesCard({ detail }: { detail: OrderDetail }) {
  const tz = detail.store.timezone;
  const open = detail.supplierOrders
    .filter((so) => so.shipBy && so.shipByTimeLeft && isOpenSupplierStatus(so.status))
    .sort((a, b) => new Date(a.shipBy!).getTime() - new Date(b.shipBy!).getTime());
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle className="flex items-center gap-2">
            <Clock3 className="size-4 text-muted-foreground" aria-hidden />
            Deadlines
          </CardTitle>
          <CardDescription>Until the ship-by, the supplier order can still be cancelled before it leaves.</CardDescription>
        </div>
      </CardHeader>
      {open.length === 0 ? (
        <p className="border-t px-5 py-4 text-[13px] text-muted-foreground">
          {detail.supplierOrders.length === 0
            ? "Nothing to watch until a supplier order is linked."
            : "Nothing to watch: every supplier order has shipped, closed, or is not paid yet."}
        </p>
      ) : (
        <ul className="divide-y border-t" aria-label="Deadlines">
          {open.map((so) => {
            const tone = timeLeftTone(so.shipByTimeLeft!);
            return (
              <li key={so.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-5 py-3" data-testid="deadline">
                <div className="min-w-0">
                  <p className="text-[13px] font-medium">
                    Ship-by · {so.supplier} <span className="font-mono text-xs font-normal text-muted-foreground">{so.supplierOrderNumber}</span>
                  </p>
                  <p className="text-xs text-muted-foreground" title={formatZonedFull(so.shipBy!, tz)}>
                    {formatZonedDateTime(so.shipBy!, tz)}
                  </p>
                </div>
                <span
                  className={cn(
                    "text-[13px] font-semibold",
                    tone === "destructive" ? "text-destructive" : tone === "warning" ? "text-[oklch(0.5_0.12_65)]" : "text-foreground/80",
                  )}
                >
                  {so.shipByTimeLeft!.label}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function DetailSkeleton() {
  return (
    <PageContainer className="grid max-w-7xl gap-6" aria-busy>
      <div className="grid gap-3" role="status" aria-label="Loading order">
        <Skeleton className="h-4 w-16" />
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-72" />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-72 rounded-xl" />
        <Skeleton className="h-72 rounded-xl" />
      </div>
      <Skeleton className="h-48 rounded-xl" />
    </PageContainer>
  );
}
