"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { MultiSelect } from "@/components/ui/multi-select";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { isValidDay } from "@/lib/reports/input";
import { matchPreset, presetRange, RANGE_PRESET_LABELS, RANGE_PRESETS, type RangePreset } from "./report-format";
import type { ReportFilters } from "./use-report-filters";

const CUSTOM = "custom";

export interface ReportStoreOption {
  id: string;
  name: string;
  archivedAt: Date | string | null;
}

/** The range (a preset or two dates) and the stores the report covers. */
export function ReportControls({
  filters,
  onChange,
  today,
  stores,
  rangeError,
}: {
  filters: ReportFilters;
  onChange: (update: Partial<ReportFilters>) => void;
  today: string;
  stores: ReportStoreOption[] | undefined;
  /** The range's problem (shown by the page as #report-range-error); marks both dates invalid. */
  rangeError: string | null;
}) {
  const preset = matchPreset(filters, today);
  const options = (stores ?? []).map((s) => ({ value: s.id, label: s.archivedAt ? `${s.name} (archived)` : s.name }));
  // A store in the link that this member cannot see stays listed, so it can be unticked.
  for (const id of filters.storeIds) {
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: "Unknown store" });
  }

  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[12rem_9.5rem_9.5rem_minmax(0,16rem)] print:hidden" data-testid="report-controls">
      <FormField label="Period">
        <Select
          value={preset ?? CUSTOM}
          onValueChange={(value) => {
            if (value !== CUSTOM) onChange(presetRange(value as RangePreset, today));
          }}
        >
          <SelectTrigger aria-label="Period">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {RANGE_PRESETS.map((p) => (
              <SelectItem key={p} value={p}>
                {RANGE_PRESET_LABELS[p]}
              </SelectItem>
            ))}
            <SelectSeparator />
            <SelectItem value={CUSTOM} disabled={preset !== null} description="Pick the first and last day">
              Custom range
            </SelectItem>
          </SelectContent>
        </Select>
      </FormField>
      <FormField label="From">
        <Input
          type="date"
          value={isValidDay(filters.from) ? filters.from : ""}
          onChange={(e) => {
            if (isValidDay(e.target.value)) onChange({ from: e.target.value });
          }}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? "report-range-error" : undefined}
          required
        />
      </FormField>
      <FormField label="To">
        <Input
          type="date"
          value={isValidDay(filters.to) ? filters.to : ""}
          onChange={(e) => {
            if (isValidDay(e.target.value)) onChange({ to: e.target.value });
          }}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? "report-range-error" : undefined}
          required
        />
      </FormField>
      {options.length > 1 || filters.storeIds.length > 0 ? (
        <FormField label="Stores" className="sm:col-span-2 lg:col-span-1">
          <MultiSelect aria-label="Stores" placeholder="All stores" options={options} value={filters.storeIds} onChange={(storeIds) => onChange({ storeIds })} />
        </FormField>
      ) : null}
    </div>
  );
}
