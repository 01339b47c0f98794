"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { ArrowLeft, ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { messageOf } from "@/hooks/use-zod-form";
import { currencyExponent, parseDecimalToMinor } from "@/lib/money";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

/** What the confirmation step says before money moves: "Refund $34.89 to Ana Souza?" and the details. */
export interface Confirmation {
  title: string;
  description?: React.ReactNode;
  /** Label and value pairs, read top to bottom. */
  summary?: { label: string; value: React.ReactNode; strong?: boolean }[];
  confirmLabel: string;
  destructive?: boolean;
}

/**
 * A form in a dialog, then — for anything that moves money — a confirmation step, then the call.
 * `onReview` validates the form: null keeps the form open (it shows its own errors), "submit" sends
 * at once, a Confirmation shows the second step. A server error is shown where the user is, and the
 * form stays filled so a retry resends the same request (with the same idempotency key).
 */
export function StagedDialog({
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  onReview,
  onSubmit,
  destructive = false,
  children,
  className,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: React.ReactNode;
  submitLabel: string;
  onReview: () => Confirmation | "submit" | null;
  onSubmit: () => Promise<unknown>;
  destructive?: boolean;
  children?: React.ReactNode;
  className?: string;
}) {
  const [review, setReview] = useState<Confirmation | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    setPending(true);
    setError(null);
    try {
      await onSubmit();
      setPending(false);
      onOpenChange(false);
    } catch (caught) {
      setPending(false);
      setError(messageOf(caught));
    }
  }

  function next(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const result = onReview();
    if (result === null) return;
    if (result === "submit") void submit();
    else setReview(result);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <DialogContent className={cn("max-w-lg", className)} aria-describedby={undefined} data-testid="case-action-dialog">
        {review ? (
          <div className="grid gap-5" role="group" aria-label="Confirm">
            <DialogHeader>
              <DialogTitle className="flex items-start gap-2">
                <ShieldCheck className={cn("mt-0.5 size-4 shrink-0", review.destructive ? "text-destructive" : "text-primary")} aria-hidden />
                {review.title}
              </DialogTitle>
              {review.description ? <DialogDescription>{review.description}</DialogDescription> : null}
            </DialogHeader>
            {review.summary?.length ? (
              <dl className="grid gap-1.5 rounded-lg border bg-muted/30 px-4 py-3 text-[13px]">
                {review.summary.map((row) => (
                  <div key={row.label} className={cn("flex items-baseline justify-between gap-4", row.strong && "mt-0.5 border-t pt-2 text-sm font-semibold")}>
                    <dt className={cn(!row.strong && "text-muted-foreground")}>{row.label}</dt>
                    <dd className="text-right tabular-nums">{row.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {error ? <FieldError role="alert">{error}</FieldError> : null}
            <DialogFooter className="sm:justify-between">
              <Button variant="ghost" disabled={pending} onClick={() => (setReview(null), setError(null))}>
                <ArrowLeft aria-hidden />
                Back
              </Button>
              <Button variant={review.destructive ? "destructive" : "primary"} loading={pending} onClick={() => void submit()}>
                {review.confirmLabel}
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form className="grid gap-5" onSubmit={next} noValidate>
            <DialogHeader>
              <DialogTitle>{title}</DialogTitle>
              {description ? <DialogDescription>{description}</DialogDescription> : null}
            </DialogHeader>
            {children}
            {error ? <FieldError role="alert">{error}</FieldError> : null}
            <DialogFooter>
              <Button variant="secondary" disabled={pending} onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" variant={destructive ? "destructive" : "primary"} loading={pending}>
                {submitLabel}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** An amount typed as a decimal, with the currency beside it; parsing is exact (see lib/money). */
export function MoneyInput({
  value,
  onChange,
  currency,
  className,
  ...props
}: { value: string; onChange: (value: string) => void; currency: string } & Omit<React.ComponentProps<"input">, "value" | "onChange">) {
  return (
    <div className={cn("relative", className)}>
      <Input
        inputMode={currencyExponent(currency) ? "decimal" : "numeric"}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="pr-14 tabular-nums"
        {...props}
      />
      <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs font-medium text-muted-foreground">{currency}</span>
    </div>
  );
}

/** Parses a typed amount: the minor units, or the message to show beside the field. */
export function readAmount(
  text: string,
  currency: string,
  { min = 0, max, maxMessage, required = true }: { min?: number; max?: number; maxMessage?: string; required?: boolean } = {},
): { minor: number | null; error: string | null } {
  if (!text.trim()) return required ? { minor: null, error: "Enter an amount." } : { minor: null, error: null };
  const parsed = parseDecimalToMinor(text, currency);
  if (!parsed.ok) return { minor: null, error: parsed.message };
  if (parsed.minor < min) return { minor: null, error: min > 0 ? "Enter an amount greater than zero." : "Enter zero or more." };
  if (max !== undefined && parsed.minor > max) return { minor: null, error: maxMessage ?? "That is more than allowed." };
  return { minor: parsed.minor, error: null };
}

/**
 * One key per opening of a money form, reused on every retry from it: the server then runs the
 * movement once even if an answer is lost. `crypto.randomUUID` needs a secure context, so plain-http
 * LAN addresses fall back to random bytes.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** After any case, dispute or ledger change: everything that shows them reads again. */
export function useRefreshCaseData() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.case.pathFilter()),
        queryClient.invalidateQueries(trpc.dispute.pathFilter()),
        queryClient.invalidateQueries(trpc.ledger.pathFilter()),
        queryClient.invalidateQueries(trpc.order.pathFilter()),
      ]),
    [queryClient, trpc],
  );
}
