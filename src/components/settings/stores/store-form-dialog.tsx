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
import { codeOf, useZodForm } from "@/hooks/use-zod-form";
import { browserDefaults, countryOptions, currencyOptions, timeZoneOptions, type Option } from "@/lib/locale-data";
import { slugify, storeInputSchema } from "@/lib/validation";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

export type StoreRow = RouterOutputs["store"]["list"][number];

interface StoreFormValues {
  name: string;
  slug: string;
  shopDomain: string;
  currency: string;
  country: string;
  timezone: string;
}

/** Add a store (no `store`) or edit one. The form mounts with the dialog, so every opening starts fresh. */
export function StoreFormDialog({ open, onOpenChange, store }: { open: boolean; onOpenChange: (open: boolean) => void; store?: StoreRow }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{store ? `Edit ${store.name}` : "Add store"}</DialogTitle>
          <DialogDescription>
            {store
              ? "Deadlines already computed keep their dates; new ones use these settings."
              : "A Shopify store whose orders, cancellations and refunds Recoup will track."}
          </DialogDescription>
        </DialogHeader>
        <StoreForm store={store} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function initialValues(store?: StoreRow): StoreFormValues {
  if (store) {
    return {
      name: store.name,
      slug: store.slug,
      shopDomain: store.shopDomain ?? "",
      currency: store.currency,
      country: store.country,
      timezone: store.timezone,
    };
  }
  const defaults = browserDefaults();
  return { name: "", slug: "", shopDomain: "", currency: "USD", country: defaults.country, timezone: defaults.timezone };
}

function StoreForm({ store, onDone }: { store?: StoreRow; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const form = useZodForm(storeInputSchema, initialValues(store));
  // Until the user types an address, it follows the name.
  const [slugTouched, setSlugTouched] = useState(Boolean(store));
  const create = useMutation(trpc.store.create.mutationOptions());
  const update = useMutation(trpc.store.update.mutationOptions());
  const values = form.values as StoreFormValues;

  const countries = useMemo(() => countryOptions(), []);
  const currencies = useMemo(() => currencyOptions(values.currency), [values.currency]);
  const timeZones = useMemo(() => timeZoneOptions(values.timezone), [values.timezone]);

  function onNameChange(name: string) {
    form.set("name", name);
    if (!slugTouched) form.set("slug", name.trim().length >= 3 ? slugify(name) : "");
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    try {
      if (store) await update.mutateAsync({ storeId: store.id, ...input });
      else await create.mutateAsync(input);
    } catch (error) {
      form.applyServerError(error, codeOf(error) === "CONFLICT" ? "slug" : undefined);
      return;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.store.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
    ]);
    toast.success(store ? "Store updated" : "Store added", input.name);
    onDone();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5">
      {form.formError ? <Alert variant="destructive">{form.formError}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Store name" error={form.errors.name} className="sm:col-span-2">
          <Input autoFocus placeholder="Lumen Outlet" value={values.name} onChange={(e) => onNameChange(e.target.value)} />
        </FormField>
        <FormField label="Address" error={form.errors.slug} hint="Used in the store's public policy page address.">
          <Input
            placeholder="lumen-outlet"
            autoCapitalize="none"
            spellCheck={false}
            value={values.slug}
            onChange={(e) => {
              setSlugTouched(true);
              form.set("slug", e.target.value);
            }}
          />
        </FormField>
        <FormField label="Shop domain" optional error={form.errors.shopDomain}>
          <Input
            placeholder="lumen-outlet.myshopify.com"
            autoCapitalize="none"
            spellCheck={false}
            inputMode="url"
            value={values.shopDomain}
            onChange={(e) => form.set("shopDomain", e.target.value)}
          />
        </FormField>
        <FormField label="Currency" error={form.errors.currency} hint="The currency the store sells in.">
          <OptionSelect value={values.currency} options={currencies} onChange={(v) => form.set("currency", v)} />
        </FormField>
        <FormField label="Country" error={form.errors.country} hint="Its public holidays don't count as business days.">
          <OptionSelect value={values.country} options={countries} onChange={(v) => form.set("country", v)} />
        </FormField>
        <FormField label="Time zone" error={form.errors.timezone} hint="Store deadlines fall at midnight here." className="sm:col-span-2">
          <OptionSelect value={values.timezone} options={timeZones} onChange={(v) => form.set("timezone", v)} />
        </FormField>
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={create.isPending || update.isPending}>
          {store ? "Save changes" : "Add store"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function OptionSelect({ value, options, onChange }: { value: string; options: Option[]; onChange: (value: string) => void }) {
  const selected = options.find((o) => o.value === value);
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger>
        <SelectValue placeholder="Choose…">
          {selected ? (
            <span className="flex min-w-0 items-baseline gap-2">
              <span className="truncate">{selected.label}</span>
              {selected.hint ? <span className="shrink-0 text-xs text-muted-foreground">{selected.hint}</span> : null}
            </span>
          ) : null}
        </SelectValue>
      </SelectTrigger>
      <SelectContent>
        {options.map((option) => (
          <SelectItem key={option.value} value={option.value}>
            <span className="flex items-baseline gap-2">
              <span>{option.label}</span>
              {option.hint ? <span className="text-xs text-muted-foreground">{option.hint}</span> : null}
            </span>
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
