"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import {
  ADDRESS_KIND_LABELS,
  CONDITION_LABELS,
  EXCHANGE_LABELS,
  NON_RETURNABLE_LABELS,
  PAYER_LABELS,
  REASON_LABELS,
  REFUND_METHOD_LABELS,
  RESOLUTION_LABELS,
} from "@/lib/policy/labels";
import {
  DAMAGE_RESOLUTIONS,
  EXCHANGE_OPTIONS,
  ITEM_CONDITIONS,
  LANGUAGE_LABELS,
  NON_RETURNABLE_ITEMS,
  POLICY_LANGUAGES,
  returnableReasons,
  SHIPPING_PAYERS,
  type PolicyLanguage,
  type PolicySettingsInput,
} from "@/lib/policy/settings";
import { RETURN_REASONS, type ReturnReason, type SupplierTerms } from "@/lib/supplier-terms";
import { cn } from "@/lib/utils";
import { CheckOption, NumberInput, RadioCards } from "./choice";

type Values = PolicySettingsInput;
export type FieldErrors = Partial<Record<keyof Values, string>>;
type SetField = <K extends keyof Values>(key: K, value: Values[K]) => void;

interface FormProps {
  values: Values;
  set: SetField;
  errors: FieldErrors;
  disabled: boolean;
  terms: SupplierTerms;
}

function toggle<T extends string>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <Card id={`policy-${id}`} aria-labelledby={`policy-${id}-title`}>
      <CardHeader>
        <div>
          <CardTitle id={`policy-${id}-title`}>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">{children}</CardContent>
    </Card>
  );
}

/** The structured inputs of SPEC §6, one card per part of the page. */
export function PolicyForm(props: FormProps) {
  return (
    <fieldset disabled={props.disabled} className="grid min-w-0 gap-4">
      <legend className="sr-only">Policy settings</legend>
      <LanguagesSection {...props} />
      <ContactSection {...props} />
      <CancellationSection {...props} />
      <ReturnsSection {...props} />
      <ShippingSection {...props} />
      <RefundsSection {...props} />
      <ExchangesSection {...props} />
      <DamagedSection {...props} />
      <NoteSection {...props} />
    </fieldset>
  );
}

function LanguagesSection({ values, set, errors, disabled }: FormProps) {
  const chosen = values.languages as PolicyLanguage[];
  return (
    <Section id="languages" title="Languages" description="Each language is written by us from these settings, never machine-translated.">
      <div className="grid gap-1 sm:grid-cols-2">
        {POLICY_LANGUAGES.map((lang) => (
          <CheckOption
            key={lang}
            label={LANGUAGE_LABELS[lang]}
            checked={chosen.includes(lang)}
            disabled={disabled}
            onChange={(on) => {
              const next = POLICY_LANGUAGES.filter((l) => (l === lang ? on : chosen.includes(l)));
              set("languages", next);
              if (!next.includes(values.defaultLanguage) && next[0]) set("defaultLanguage", next[0]);
            }}
          />
        ))}
      </div>
      {errors.languages ? <FieldError>{errors.languages}</FieldError> : null}
      <FormField label="Default language" hint="The page's address without a language shows this one." error={errors.defaultLanguage}>
        <Select value={values.defaultLanguage} onValueChange={(v) => set("defaultLanguage", v as PolicyLanguage)} disabled={disabled}>
          <SelectTrigger className="sm:w-64">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {chosen.map((lang) => (
              <SelectItem key={lang} value={lang}>
                {LANGUAGE_LABELS[lang]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
    </Section>
  );
}

function ContactSection({ values, set, errors, disabled }: FormProps) {
  return (
    <Section id="contact" title="Contact and returns address" description="The store's own details: a template applied from another store never changes them.">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Contact email" error={errors.contactEmail}>
          <Input type="email" autoComplete="off" value={values.contactEmail} onChange={(e) => set("contactEmail", e.target.value)} placeholder="care@your-store.com" />
        </FormField>
        <FormField label="Phone" optional error={errors.contactPhone}>
          <Input value={values.contactPhone} onChange={(e) => set("contactPhone", e.target.value)} maxLength={60} />
        </FormField>
      </div>
      <div className="grid gap-2">
        <p className="text-[13px] font-medium">Where returns go</p>
        <RadioCards
          name="returnAddressKind"
          aria-label="Where returns go"
          value={values.returnAddressKind}
          disabled={disabled}
          onChange={(v) => set("returnAddressKind", v)}
          options={[
            { value: "none", label: ADDRESS_KIND_LABELS.none, description: "Best without physical premises: nothing comes back unannounced." },
            { value: "po_box", label: ADDRESS_KIND_LABELS.po_box, description: "Returns go to a PO box once you confirm them." },
            { value: "address", label: ADDRESS_KIND_LABELS.address, description: "A warehouse or office that receives returns." },
          ]}
        />
      </div>
      {values.returnAddressKind !== "none" ? (
        <FormField label={values.returnAddressKind === "po_box" ? "PO box address" : "Returns address"} error={errors.returnAddress} hint="One line per line of the address.">
          <Textarea value={values.returnAddress} onChange={(e) => set("returnAddress", e.target.value)} maxLength={400} rows={4} />
        </FormField>
      ) : null}
    </Section>
  );
}

function CancellationSection({ values, set, errors, disabled, terms }: FormProps) {
  return (
    <Section
      id="cancellation"
      title="Cancellations"
      description={`${terms.supplierName} ${terms.cancellationUntilDispatch ? "accepts cancellations until it dispatches" : "does not accept cancellations once paid"}; it dispatches within ${terms.dispatchBusinessDays} business days.`}
    >
      <RadioCards
        name="cancellation"
        aria-label="Cancellation window"
        columns={2}
        value={values.cancellation}
        disabled={disabled}
        onChange={(v) => set("cancellation", v)}
        options={[
          { value: "until_dispatch", label: "Until dispatch", description: "Matches what suppliers accept." },
          { value: "hours", label: "Within a number of hours", description: "Counted from when the order is placed." },
        ]}
      />
      {values.cancellation === "hours" ? (
        <FormField label="Hours to cancel" error={errors.cancellationHours}>
          <NumberInput value={values.cancellationHours} onChange={(v) => set("cancellationHours", v)} min={1} max={720} suffix="hours" />
        </FormField>
      ) : null}
    </Section>
  );
}

function SupplierBadge({ reason, terms }: { reason: ReturnReason; terms: SupplierTerms }) {
  const accepts = terms.acceptedReturnReasons.includes(reason);
  return (
    <Badge variant={accepts ? "outline" : "warning"} className="shrink-0">
      {accepts ? `${terms.supplierName} accepts` : `${terms.supplierName} refuses`}
    </Badge>
  );
}

function ReturnsSection({ values, set, errors, disabled, terms }: FormProps) {
  const reasons = values.acceptedReasons as ReturnReason[];
  return (
    <Section id="returns" title="Returns" description="Be explicit about what you take back: the closer to your supplier's terms, the smaller your losses.">
      <div className="grid gap-1.5">
        <p className="text-[13px] font-medium">Accepted reasons</p>
        <div className="grid gap-0.5">
          {RETURN_REASONS.map((reason) => (
            <CheckOption
              key={reason}
              label={REASON_LABELS[reason]}
              checked={reasons.includes(reason)}
              disabled={disabled}
              onChange={(on) => set("acceptedReasons", toggle(reasons, reason, on))}
              aside={<SupplierBadge reason={reason} terms={terms} />}
            />
          ))}
        </div>
        {errors.acceptedReasons ? <FieldError>{errors.acceptedReasons}</FieldError> : null}
      </div>
      <Switch
        checked={values.allSalesFinal}
        onCheckedChange={(v) => set("allSalesFinal", v)}
        disabled={disabled}
        label='Word it as "All sales are final, except …"'
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Return window" error={errors.returnWindowDays} hint="Counted from delivery.">
          <NumberInput value={values.returnWindowDays} onChange={(v) => set("returnWindowDays", v)} min={1} max={365} suffix="days" />
        </FormField>
        <FormField label="Condition of returned items" error={errors.itemCondition}>
          <Select value={values.itemCondition} onValueChange={(v) => set("itemCondition", v as Values["itemCondition"])} disabled={disabled}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {ITEM_CONDITIONS.map((c) => (
                <SelectItem key={c} value={c}>
                  {CONDITION_LABELS[c]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <div className="grid gap-1.5">
        <p className="text-[13px] font-medium">Items that cannot be returned</p>
        <div className="grid gap-0.5 sm:grid-cols-2">
          {NON_RETURNABLE_ITEMS.map((item) => (
            <CheckOption
              key={item}
              label={NON_RETURNABLE_LABELS[item]}
              checked={(values.nonReturnable as string[]).includes(item)}
              disabled={disabled}
              onChange={(on) => set("nonReturnable", toggle(values.nonReturnable, item, on))}
            />
          ))}
        </div>
      </div>
    </Section>
  );
}

function ShippingSection({ values, set, disabled }: FormProps) {
  const reasons = returnableReasons(values.acceptedReasons as ReturnReason[]);
  if (!reasons.length) return null;
  return (
    <Section id="shipping" title="Return shipping" description="Who pays to send an item back, for each reason you accept.">
      <div className="grid gap-2">
        {reasons.map((reason) => (
          <div key={reason} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2">
            <span className="text-sm font-medium">{REASON_LABELS[reason]}</span>
            <div role="radiogroup" aria-label={`Who pays return shipping for ${REASON_LABELS[reason].toLowerCase()}`} className="inline-flex rounded-md border p-0.5">
              {SHIPPING_PAYERS.map((payer) => {
                const on = values.returnShippingPaidBy[reason] === payer;
                return (
                  <label
                    key={payer}
                    className={cn(
                      "cursor-pointer rounded px-2.5 py-1 text-[13px] font-medium text-muted-foreground has-focus-visible:ring-3 has-focus-visible:ring-ring/30",
                      on && "bg-primary text-primary-foreground",
                    )}
                  >
                    <input
                      type="radio"
                      className="sr-only"
                      name={`shipping-${reason}`}
                      checked={on}
                      disabled={disabled}
                      onChange={() => set("returnShippingPaidBy", { ...values.returnShippingPaidBy, [reason]: payer })}
                    />
                    {PAYER_LABELS[payer]}
                  </label>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </Section>
  );
}

function RefundsSection({ values, set, errors, disabled, terms }: FormProps) {
  return (
    <Section
      id="refunds"
      title="Refunds"
      description={`${terms.supplierName} refunds you within ${terms.refundMinBusinessDays} to ${terms.refundMaxBusinessDays} business days of accepting.`}
    >
      <RadioCards
        name="refundMethod"
        aria-label="Refund method"
        columns={2}
        value={values.refundMethod}
        disabled={disabled}
        onChange={(v) => set("refundMethod", v)}
        options={[
          { value: "original_payment", label: REFUND_METHOD_LABELS.original_payment },
          { value: "store_credit", label: REFUND_METHOD_LABELS.store_credit },
        ]}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Refund processing time" error={errors.refundProcessingDays}>
          <NumberInput value={values.refundProcessingDays} onChange={(v) => set("refundProcessingDays", v)} min={1} max={60} suffix="business days" />
        </FormField>
        <FormField label="Restocking fee" error={errors.restockingFeePercent} hint="0 for none. Never on returns caused by your mistake.">
          <NumberInput value={values.restockingFeePercent} onChange={(v) => set("restockingFeePercent", v)} min={0} max={50} suffix="% of the item price" />
        </FormField>
      </div>
    </Section>
  );
}

function ExchangesSection({ values, set, errors, disabled }: FormProps) {
  return (
    <Section id="exchanges" title="Exchanges">
      <FormField label="Exchanges" error={errors.exchanges}>
        <Select value={values.exchanges} onValueChange={(v) => set("exchanges", v as Values["exchanges"])} disabled={disabled}>
          <SelectTrigger className="sm:w-80">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {EXCHANGE_OPTIONS.map((o) => (
              <SelectItem key={o} value={o}>
                {EXCHANGE_LABELS[o]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
    </Section>
  );
}

function DamagedSection({ values, set, errors, disabled }: FormProps) {
  return (
    <Section id="damaged" title="Damaged or wrong items" description="Parcels from overseas suppliers can be damaged on the way; say how you put it right.">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Report within" error={errors.damagedReportDays}>
          <NumberInput value={values.damagedReportDays} onChange={(v) => set("damagedReportDays", v)} min={1} max={60} suffix="days of delivery" />
        </FormField>
        <FormField label="What the customer gets" error={errors.damagedResolution}>
          <Select value={values.damagedResolution} onValueChange={(v) => set("damagedResolution", v as Values["damagedResolution"])} disabled={disabled}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {DAMAGE_RESOLUTIONS.map((r) => (
                <SelectItem key={r} value={r}>
                  {RESOLUTION_LABELS[r]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <Switch checked={values.damagedPhotosRequired} onCheckedChange={(v) => set("damagedPhotosRequired", v)} disabled={disabled} label="Ask for photos of the item and its packaging" />
    </Section>
  );
}

function NoteSection({ values, set, errors }: FormProps) {
  return (
    <Section id="note" title="Extra note" description="Optional. Plain text, shown exactly as you write it in every language: no links or formatting.">
      <FormField label="Note" optional error={errors.note}>
        <Textarea value={values.note} onChange={(e) => set("note", e.target.value)} maxLength={2000} rows={4} />
      </FormField>
    </Section>
  );
}
