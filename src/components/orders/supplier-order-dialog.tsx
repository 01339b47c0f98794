"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { codeOf, messageOf } from "@/hooks/use-zod-form";
import { currencyExponent, minorToDecimal, parseDecimalToMinor } from "@/lib/money";
import { SUPPLIER_ORDER_STATUSES, SUPPLIER_STATUS_LABELS, type SupplierOrderStatus } from "@/lib/orders";
import { CURRENCIES } from "@/lib/validation";
import { fromZonedInputValue, toZonedInputValue } from "@/lib/zoned-time";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type OrderDetail = RouterOutputs["order"]["get"];
export type SupplierOrderRow = OrderDetail["supplierOrders"][number];

interface FormValues {
  supplier: string;
  supplierOrderNumber: string;
  status: SupplierOrderStatus;
  cost: string;
  currency: string;
  paidAt: string;
  shippedAt: string;
  carrier: string;
  trackingNumber: string;
}

type FieldErrors = Partial<Record<keyof FormValues, string>>;

/** Server field names that differ from the form's. */
const SERVER_FIELDS: Record<string, keyof FormValues> = { costMinor: "cost" };

function initialValues(detail: OrderDetail, supplierOrder?: SupplierOrderRow): FormValues {
  const timeZone = detail.store.timezone;
  if (supplierOrder) {
    return {
      supplier: supplierOrder.supplier,
      supplierOrderNumber: supplierOrder.supplierOrderNumber,
      status: supplierOrder.status,
      cost: minorToDecimal(supplierOrder.costMinor, supplierOrder.currency),
      currency: supplierOrder.currency,
      paidAt: toZonedInputValue(supplierOrder.paidAt, timeZone),
      shippedAt: toZonedInputValue(supplierOrder.shippedAt, timeZone),
      carrier: supplierOrder.carrier ?? "",
      trackingNumber: supplierOrder.trackingNumber ?? "",
    };
  }
  return {
    supplier: detail.store.supplierTerms.supplierName || "AliExpress",
    supplierOrderNumber: "",
    status: "awaiting_shipment",
    cost: "",
    currency: detail.order.currency,
    paidAt: "",
    shippedAt: "",
    carrier: "",
    trackingNumber: "",
  };
}

/** Adds a supplier order to a store order, or edits one (refused if someone changed it meanwhile). */
export function SupplierOrderDialog({
  open,
  onOpenChange,
  detail,
  supplierOrder,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  detail: OrderDetail;
  supplierOrder?: SupplierOrderRow;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>
            {supplierOrder ? `Edit ${supplierOrder.supplier} order ${supplierOrder.supplierOrderNumber}` : `Add a supplier order to ${detail.order.name}`}
          </DialogTitle>
          <DialogDescription>
            The ship-by is worked out from the payment time: {detail.store.supplierTerms.dispatchBusinessDays} business days in{" "}
            {detail.store.supplierTerms.supplierCountry}, counted in the store&apos;s time zone.
          </DialogDescription>
        </DialogHeader>
        {/* Mounted with the dialog, so every opening starts from the saved values. */}
        {open ? <SupplierOrderForm detail={detail} supplierOrder={supplierOrder} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function SupplierOrderForm({ detail, supplierOrder, onDone }: { detail: OrderDetail; supplierOrder?: SupplierOrderRow; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const save = useMutation(trpc.order.saveSupplierOrder.mutationOptions());
  const [values, setValues] = useState<FormValues>(() => initialValues(detail, supplierOrder));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const timeZone = detail.store.timezone;
  const currencies = useMemo(() => [...new Set([values.currency, detail.order.currency, ...CURRENCIES])], [values.currency, detail.order.currency]);

  function set<K extends keyof FormValues>(key: K, value: FormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
    setFormError(null);
  }

  function validate() {
    const found: FieldErrors = {};
    if (!values.supplier.trim()) found.supplier = "Enter the supplier, like AliExpress.";
    if (!values.supplierOrderNumber.trim()) found.supplierOrderNumber = "Enter the supplier's order number.";
    const cost = parseDecimalToMinor(values.cost.trim() || "0", values.currency);
    if (!cost.ok) found.cost = cost.message;
    const paidAt = values.paidAt ? fromZonedInputValue(values.paidAt, timeZone) : null;
    const shippedAt = values.shippedAt ? fromZonedInputValue(values.shippedAt, timeZone) : null;
    if (values.paidAt && !paidAt) found.paidAt = "Enter a date and time, or leave it empty.";
    if (values.shippedAt && !shippedAt) found.shippedAt = "Enter a date and time, or leave it empty.";
    if (paidAt && shippedAt && shippedAt < paidAt) found.shippedAt = "The shipping date cannot be before the payment date.";
    setErrors(found);
    if (Object.keys(found).length > 0 || !cost.ok) return null;
    return { costMinor: cost.minor, paidAt, shippedAt };
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = validate();
    if (!parsed) return;
    try {
      await save.mutateAsync({
        orderId: detail.order.id,
        supplierOrderId: supplierOrder?.id,
        expectedVersion: supplierOrder?.version,
        supplier: values.supplier.trim(),
        supplierOrderNumber: values.supplierOrderNumber.trim(),
        status: values.status,
        costMinor: parsed.costMinor,
        currency: values.currency,
        paidAt: parsed.paidAt,
        shippedAt: parsed.shippedAt,
        carrier: values.carrier.trim() || null,
        trackingNumber: values.trackingNumber.trim() || null,
      });
    } catch (error) {
      const fieldErrors = (error as { data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } })?.data?.zodError
        ?.fieldErrors;
      const mapped: FieldErrors = {};
      for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
        const field = SERVER_FIELDS[key] ?? (key in values ? (key as keyof FormValues) : null);
        if (field && messages?.[0]) mapped[field] = messages[0];
      }
      if (Object.keys(mapped).length > 0) setErrors(mapped);
      else if (codeOf(error) === "CONFLICT" && /already linked/.test(messageOf(error))) setErrors({ supplierOrderNumber: messageOf(error) });
      else setFormError(messageOf(error));
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.order.get.queryKey({ orderId: detail.order.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.order.count.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
    toast.success(supplierOrder ? "Supplier order updated" : "Supplier order added", `${values.supplier.trim()} ${values.supplierOrderNumber.trim()}`);
    onDone();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5">
      {formError ? <Alert variant="destructive">{formError}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Supplier" error={errors.supplier}>
          <Input value={values.supplier} maxLength={80} onChange={(e) => set("supplier", e.target.value)} />
        </FormField>
        <FormField label="Supplier order number" error={errors.supplierOrderNumber}>
          <Input
            autoFocus={!supplierOrder}
            value={values.supplierOrderNumber}
            maxLength={80}
            spellCheck={false}
            className="font-mono"
            onChange={(e) => set("supplierOrderNumber", e.target.value)}
          />
        </FormField>
        <FormField label="Status" error={errors.status} className="sm:col-span-2">
          <Select value={values.status} onValueChange={(v) => set("status", v as SupplierOrderStatus)}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {SUPPLIER_ORDER_STATUSES.map((status) => (
                <SelectItem key={status} value={status}>
                  {SUPPLIER_STATUS_LABELS[status]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <div className="grid grid-cols-[minmax(0,1fr)_6.5rem] gap-2 sm:col-span-2">
          <FormField label="Cost" error={errors.cost} hint="What you paid the supplier for this order.">
            <Input
              inputMode="decimal"
              placeholder={currencyExponent(values.currency) === 0 ? "15000" : "11.20"}
              value={values.cost}
              onChange={(e) => set("cost", e.target.value)}
              className="tabular-nums"
            />
          </FormField>
          <FormField label="Currency" error={errors.currency}>
            <Select value={values.currency} onValueChange={(v) => set("currency", v)}>
              <SelectTrigger>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {currencies.map((code) => (
                  <SelectItem key={code} value={code}>
                    {code}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        </div>
        <FormField label="Paid at" optional error={errors.paidAt} hint={`Store time (${timeZone}).`}>
          <Input type="datetime-local" value={values.paidAt} onChange={(e) => set("paidAt", e.target.value)} />
        </FormField>
        <FormField label="Shipped at" optional error={errors.shippedAt} hint="Store time, as above.">
          <Input type="datetime-local" value={values.shippedAt} min={values.paidAt || undefined} onChange={(e) => set("shippedAt", e.target.value)} />
        </FormField>
        <FormField label="Carrier" optional error={errors.carrier}>
          <Input value={values.carrier} maxLength={80} placeholder="Cainiao" onChange={(e) => set("carrier", e.target.value)} />
        </FormField>
        <FormField label="Tracking number" optional error={errors.trackingNumber}>
          <Input
            value={values.trackingNumber}
            maxLength={80}
            spellCheck={false}
            className="font-mono"
            onChange={(e) => set("trackingNumber", e.target.value)}
          />
        </FormField>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={save.isPending}>
          {supplierOrder ? "Save changes" : "Add supplier order"}
        </Button>
      </DialogFooter>
    </form>
  );
}
