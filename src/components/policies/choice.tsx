"use client";

import { useId } from "react";
import { useFieldControl } from "@/components/ui/form-field";
import { cn } from "@/lib/utils";

export interface Choice<T extends string> {
  value: T;
  label: string;
  description?: string;
}

/** A small set of exclusive options as native radios, laid out as cards (keyboard and forms for free). */
export function RadioCards<T extends string>({
  name,
  value,
  options,
  onChange,
  disabled,
  columns = 1,
  "aria-label": ariaLabel,
}: {
  name: string;
  value: T;
  options: readonly Choice<T>[];
  onChange: (value: T) => void;
  disabled?: boolean;
  columns?: 1 | 2 | 3;
  "aria-label"?: string;
}) {
  const id = useId();
  return (
    <div role="radiogroup" aria-label={ariaLabel} className={cn("grid gap-2", columns === 2 && "sm:grid-cols-2", columns === 3 && "sm:grid-cols-3")}>
      {options.map((option) => (
        <label
          key={option.value}
          className={cn(
            "flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm transition-colors hover:bg-muted/60",
            value === option.value && "border-primary/50 bg-primary/5",
            disabled && "cursor-not-allowed opacity-70 hover:bg-transparent",
          )}
        >
          <input
            type="radio"
            name={`${name}-${id}`}
            className="mt-0.5 size-4 shrink-0 accent-primary"
            checked={value === option.value}
            disabled={disabled}
            onChange={() => onChange(option.value)}
          />
          <span className="min-w-0">
            <span className="block font-medium leading-snug">{option.label}</span>
            {option.description ? <span className="mt-0.5 block text-[13px] leading-snug text-muted-foreground">{option.description}</span> : null}
          </span>
        </label>
      ))}
    </div>
  );
}

/** A checkbox with its label (and an optional note beside it), for lists of options. */
export function CheckOption({
  checked,
  onChange,
  label,
  aside,
  disabled,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  aside?: React.ReactNode;
  disabled?: boolean;
}) {
  return (
    <label className={cn("flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-sm hover:bg-muted/60", disabled && "cursor-not-allowed hover:bg-transparent")}>
      <input type="checkbox" className="size-4 shrink-0 accent-primary" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="min-w-0 flex-1">{label}</span>
      {aside}
    </label>
  );
}

/** A whole-number field that keeps an empty box empty (NaN) instead of jumping to 0. */
export function NumberInput({
  value,
  onChange,
  min,
  max,
  suffix,
  className,
  ...props
}: {
  value: number;
  onChange: (value: number) => void;
  min: number;
  max: number;
  suffix?: string;
  className?: string;
} & Omit<React.ComponentProps<"input">, "value" | "onChange" | "min" | "max" | "type">) {
  const field = useFieldControl(props);
  return (
    <span className={cn("flex items-center gap-2", className)}>
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
        className="h-9 w-24 min-w-0 rounded-md border border-input bg-card px-3 text-sm shadow-xs focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20 aria-invalid:border-destructive disabled:cursor-not-allowed disabled:bg-muted"
        {...props}
        {...field}
      />
      {suffix ? <span className="text-sm text-muted-foreground">{suffix}</span> : null}
    </span>
  );
}
