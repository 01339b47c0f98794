"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Pencil } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/hooks/use-zod-form";
import { REASON_LABELS } from "@/lib/policy/labels";
import { RETURN_REASONS, supplierTermsSchema, type SupplierTerms } from "@/lib/supplier-terms";
import { useTRPC } from "@/trpc/react";
import { CheckOption, NumberInput } from "./choice";

/** The supplier's terms the policy is checked against: shown to everyone, edited by store managers. */
export function SupplierTermsCard({ storeId, terms, canEdit }: { storeId: string; terms: SupplierTerms; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card data-testid="supplier-terms">
      <CardHeader>
        <div>
          <CardTitle>{terms.supplierName}&apos;s terms</CardTitle>
          <CardDescription>What the supplier accepts. Warnings compare your policy with these.</CardDescription>
        </div>
        {canEdit ? (
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            <Pencil aria-hidden />
            Edit
          </Button>
        ) : null}
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Term label="Cancellation">{terms.cancellationUntilDispatch ? "Until dispatch" : "None once paid"}</Term>
          <Term label="Dispatches within">{terms.dispatchBusinessDays} business days</Term>
          <Term label="Refunds you within">
            {terms.refundMinBusinessDays}–{terms.refundMaxBusinessDays} business days
          </Term>
          <Term label="Tracking number due">{terms.trackingDueBusinessDays} business days after a refusal</Term>
          <div className="sm:col-span-2">
            <dt className="text-muted-foreground">Accepts returns for</dt>
            <dd className="mt-1 flex flex-wrap gap-1">
              {terms.acceptedReturnReasons.length ? terms.acceptedReturnReasons.map((r) => <Badge key={r}>{REASON_LABELS[r]}</Badge>) : "No reason"}
            </dd>
          </div>
        </dl>
      </CardContent>
      {canEdit ? (
        <Dialog open={editing} onOpenChange={setEditing}>
          <DialogContent className="max-w-xl">
            <DialogHeader>
              <DialogTitle>Supplier terms</DialogTitle>
              <DialogDescription>Ask your supplier: how long after a sale it accepts cancellation, which returns it takes, and how long refunds take.</DialogDescription>
            </DialogHeader>
            {editing ? <SupplierTermsForm storeId={storeId} terms={terms} onDone={() => setEditing(false)} /> : null}
          </DialogContent>
        </Dialog>
      ) : null}
    </Card>
  );
}

function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

function SupplierTermsForm({ storeId, terms, onDone }: { storeId: string; terms: SupplierTerms; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [values, setValues] = useState<SupplierTerms>(terms);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.policy.saveSupplierTerms.mutationOptions());
  const set = <K extends keyof SupplierTerms>(key: K, value: SupplierTerms[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = supplierTermsSchema.safeParse(values);
    if (!parsed.success) {
      setError(`${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
      return;
    }
    try {
      await save.mutateAsync({ storeId, previous: terms, terms: parsed.data });
    } catch (e) {
      setError(messageOf(e));
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.store.pathKey() }),
    ]);
    toast.success("Supplier terms saved");
    onDone();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Supplier">
          <Input value={values.supplierName} onChange={(e) => set("supplierName", e.target.value)} maxLength={80} />
        </FormField>
        <FormField label="Supplier's country" hint="Its public holidays are not business days.">
          <Input value={values.supplierCountry} onChange={(e) => set("supplierCountry", e.target.value.toUpperCase())} maxLength={2} />
        </FormField>
        <FormField label="Dispatches within">
          <NumberInput value={values.dispatchBusinessDays} onChange={(v) => set("dispatchBusinessDays", v)} min={1} max={60} suffix="business days" />
        </FormField>
        <FormField label="Tracking number due">
          <NumberInput value={values.trackingDueBusinessDays} onChange={(v) => set("trackingDueBusinessDays", v)} min={1} max={30} suffix="business days" />
        </FormField>
        <FormField label="Refunds you in at least">
          <NumberInput value={values.refundMinBusinessDays} onChange={(v) => set("refundMinBusinessDays", v)} min={0} max={90} suffix="business days" />
        </FormField>
        <FormField label="…and at most">
          <NumberInput value={values.refundMaxBusinessDays} onChange={(v) => set("refundMaxBusinessDays", v)} min={0} max={90} suffix="business days" />
        </FormField>
      </div>
      <Switch checked={values.cancellationUntilDispatch} onCheckedChange={(v) => set("cancellationUntilDispatch", v)} label="Accepts cancellation requests until it dispatches" />
      <div className="grid gap-1">
        <p className="text-[13px] font-medium">Accepts returns for</p>
        {RETURN_REASONS.map((reason) => (
          <CheckOption
            key={reason}
            label={REASON_LABELS[reason]}
            checked={values.acceptedReturnReasons.includes(reason)}
            onChange={(on) =>
              set(
                "acceptedReturnReasons",
                RETURN_REASONS.filter((r) => (r === reason ? on : values.acceptedReturnReasons.includes(r))),
              )
            }
          />
        ))}
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={save.isPending}>
          Save terms
        </Button>
      </DialogFooter>
    </form>
  );
}
