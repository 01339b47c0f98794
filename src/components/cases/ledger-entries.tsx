import { ArrowDownLeft, ArrowUpRight, Clock3, Eraser } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RETURN_REASON_LABELS } from "@/lib/cases";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { formatZonedDate, formatZonedDateTime, formatZonedFull } from "@/lib/zoned-time";
import type { RouterOutputs } from "@/trpc/react";

export type LedgerEntry = RouterOutputs["ledger"]["order"]["entries"][number];

const TYPE_LABELS: Record<string, string> = {
  customer_refund: "Refund to customer",
  customer_refund_correction: "Refund correction",
  supplier_refund_expected: "Supplier refund expected",
  supplier_refund_received: "Supplier refund received",
  supplier_refund_written_off: "Supplier refund written off",
};

const SOURCE_LABELS: Record<string, string> = {
  recoup: "Recoup",
  store: "Store",
  dispute: "Dispute",
  chargeback: "Chargeback",
};

function entryLabel(entry: LedgerEntry): string {
  if (entry.type === "supplier_refund_received" && entry.source === "dispute") return "Dispute award received";
  return TYPE_LABELS[entry.type] ?? entry.type.replace(/_/g, " ");
}

/** Money out is red with a minus, money in green with a plus; an expectation is neither yet. */
function Amount({ entry }: { entry: LedgerEntry }) {
  const value = formatMoney(entry.amountMinor, entry.currency);
  switch (entry.type) {
    case "customer_refund":
    case "customer_refund_correction":
      return <span className="text-destructive">−{value}</span>;
    case "supplier_refund_received":
      return <span className="text-success">+{value}</span>;
    case "supplier_refund_expected":
      return <span className="text-muted-foreground">{value}</span>;
    default:
      return <span className="text-muted-foreground line-through decoration-muted-foreground/60">{value}</span>;
  }
}

function EntryIcon({ type }: { type: string }) {
  const Icon =
    type === "supplier_refund_received" ? ArrowDownLeft : type === "supplier_refund_expected" ? Clock3 : type === "supplier_refund_written_off" ? Eraser : ArrowUpRight;
  const tone =
    type === "supplier_refund_received"
      ? "bg-success/10 text-success"
      : type.startsWith("customer_refund")
        ? "bg-destructive/8 text-destructive"
        : "bg-muted text-muted-foreground";
  return (
    <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-full", tone)} aria-hidden>
      <Icon className="size-3.5" />
    </span>
  );
}

/** The append-only refund ledger of one order, oldest first. */
export function LedgerEntriesTable({ entries, timeZone }: { entries: LedgerEntry[]; timeZone: string }) {
  return (
    <Table containerClassName="border-t" className="text-[13px]" stackOnMobile aria-label="Ledger entries">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Entry</TableHead>
          <TableHead>Details</TableHead>
          <TableHead className="text-right">Amount</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id} data-testid="ledger-entry" data-type={entry.type}>
            <TableCell className="max-sm:flex-1 max-sm:pb-1">
              <span className="flex items-center gap-2.5">
                <EntryIcon type={entry.type} />
                <span className="grid">
                  <span className="whitespace-nowrap font-medium">{entryLabel(entry)}</span>
                  <span className="whitespace-nowrap text-xs text-muted-foreground">
                    <span title={formatZonedFull(entry.occurredAt, timeZone)}>{formatZonedDateTime(entry.occurredAt, timeZone)}</span>
                    {" · "}
                    {SOURCE_LABELS[entry.source] ?? entry.source}
                  </span>
                </span>
              </span>
            </TableCell>
            <TableCell className="max-w-72 text-xs text-muted-foreground max-sm:order-3 max-sm:w-full max-sm:max-w-none max-sm:pb-1 max-sm:pl-14 max-sm:pt-0">
              {entry.type === "supplier_refund_expected" && entry.expectedLatest ? (
                <span className="block">
                  Between {entry.expectedEarliest ? formatZonedDate(entry.expectedEarliest, timeZone) : "now"} and{" "}
                  {formatZonedDate(entry.expectedLatest, timeZone)}
                </span>
              ) : null}
              {entry.reason ? <span className="block">{(RETURN_REASON_LABELS as Record<string, string>)[entry.reason] ?? entry.reason}</span> : null}
              {entry.shippingMinor ? <span className="block">Includes {formatMoney(entry.shippingMinor, entry.currency)} shipping</span> : null}
              {entry.note ? <span className="block">{entry.note}</span> : null}
              {!entry.note && !entry.reason && !(entry.type === "supplier_refund_expected") && !entry.shippingMinor ? "—" : null}
            </TableCell>
            <TableCell className="whitespace-nowrap text-right font-medium tabular-nums max-sm:order-2 max-sm:ml-auto max-sm:py-1 max-sm:pr-5" data-testid="ledger-amount">
              <Amount entry={entry} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
