"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { Plus } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { useZodForm } from "@/hooks/use-zod-form";
import { currencyOptions } from "@/lib/locale-data";
import { isValidDay } from "@/lib/reports/input";
import { currencySchema } from "@/lib/validation";
import { useTRPC } from "@/trpc/react";

const RATE_PATTERN = /^\d{1,14}(\.\d{1,10})?$/;

// The same rules as the server's addRateSchema (src/server/reports/rates.ts), with an empty "to" for open-ended.
const addRateFormSchema = z
  .object({
    currency: currencySchema,
    rate: z
      .string()
      .trim()
      .refine((v) => RATE_PATTERN.test(v) && Number(v) > 0, {
        message: "Enter the rate as a positive decimal number with at most 10 decimals, like 0.00074.",
      }),
    validFrom: z.string().refine(isValidDay, { message: "Enter the first day the rate applies." }),
    validTo: z.string().refine((v) => v === "" || isValidDay(v), { message: "Enter the last day the rate applies, or leave it empty." }),
  })
  .refine((v) => !v.validTo || !isValidDay(v.validFrom) || v.validTo >= v.validFrom, {
    message: "The last day must be on or after the first day.",
    path: ["validTo"],
  });

/** Adds a rate: 1 unit of a currency in the reporting currency, valid from a day until a day or open-ended. */
export function AddRateForm({
  reportingCurrency,
  initialCurrency,
  initialValidFrom,
}: {
  reportingCurrency: string;
  initialCurrency?: string;
  initialValidFrom?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const add = useMutation(trpc.report.addRate.mutationOptions());
  const options = currencyOptions(initialCurrency).filter((o) => o.value !== reportingCurrency);
  const startCurrency = initialCurrency && initialCurrency !== reportingCurrency ? initialCurrency : "";
  const form = useZodForm(addRateFormSchema, {
    currency: startCurrency,
    rate: "",
    validFrom: initialValidFrom && isValidDay(initialValidFrom) ? initialValidFrom : "",
    validTo: "",
  });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.parse();
    if (!input) return;
    try {
      await add.mutateAsync({ currency: input.currency, rate: input.rate, validFrom: input.validFrom, validTo: input.validTo || null });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.report.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]);
      toast.success("Rate added", `1 ${input.currency} = ${input.rate} ${reportingCurrency} from ${input.validFrom}.`);
      form.reset({ currency: input.currency, rate: "", validFrom: "", validTo: "" });
    } catch (error) {
      form.applyServerError(error);
    }
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate aria-label="Add an exchange rate">
        <CardContent className="grid gap-4 pt-5 sm:grid-cols-2">
          {form.formError ? (
            <Alert variant="destructive" className="sm:col-span-2">
              {form.formError}
            </Alert>
          ) : null}
          <FormField label="Currency" error={form.errors.currency}>
            <Select value={form.values.currency} onValueChange={(v) => form.set("currency", v)}>
              <SelectTrigger>
                <SelectValue placeholder="Choose a currency" />
              </SelectTrigger>
              <SelectContent>
                {options.map((option) => (
                  <SelectItem key={option.value} value={option.value} description={option.hint}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <FormField label={form.values.currency ? `Rate (1 ${form.values.currency} in ${reportingCurrency})` : `Rate (in ${reportingCurrency})`} error={form.errors.rate} hint="Up to 10 decimals, like 1.08 or 0.00073.">
            <Input
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.00073"
              value={form.values.rate}
              onChange={(e) => form.set("rate", e.target.value)}
              className="tabular-nums"
            />
          </FormField>
          <FormField label="Valid from" error={form.errors.validFrom}>
            <Input type="date" value={form.values.validFrom} onChange={(e) => form.set("validFrom", e.target.value)} />
          </FormField>
          <FormField label="Valid to" optional error={form.errors.validTo} hint="Empty: until a newer rate starts.">
            <Input type="date" value={form.values.validTo} min={form.values.validFrom || undefined} onChange={(e) => form.set("validTo", e.target.value)} />
          </FormField>
        </CardContent>
        <CardFooter>
          <p className="text-[13px] text-muted-foreground">On any day, the rate with the latest start that covers it applies.</p>
          <Button type="submit" loading={add.isPending}>
            <Plus aria-hidden />
            Add rate
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
