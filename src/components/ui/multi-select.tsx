"use client";

import * as PopoverPrimitive from "@radix-ui/react-popover";
import { Check, ChevronDown } from "lucide-react";
import { useId } from "react";
import { cn } from "@/lib/utils";
import { useFieldControl } from "./form-field";
import { controlClasses } from "./input";

export interface MultiSelectOption<T extends string> {
  value: T;
  label: string;
}

/**
 * Pick any number of values from a short list (statuses, say). The trigger reads like a select:
 * the placeholder when nothing is chosen, the label when one is, "N selected" beyond that.
 */
export function MultiSelect<T extends string>({
  options,
  value,
  onChange,
  placeholder = "Any",
  className,
  "aria-label": ariaLabel,
  ...props
}: {
  options: readonly MultiSelectOption<T>[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  placeholder?: string;
  className?: string;
  id?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
}) {
  const field = useFieldControl(props);
  const listId = useId();
  const chosen = options.filter((o) => value.includes(o.value));
  const summary = chosen.length === 0 ? placeholder : chosen.length === 1 ? chosen[0]!.label : `${chosen.length} selected`;

  function toggle(option: T) {
    const next = value.includes(option) ? value.filter((v) => v !== option) : [...value, option];
    // Keep the options' own order so the URL and the summary are stable.
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  }

  return (
    <PopoverPrimitive.Root>
      <PopoverPrimitive.Trigger
        type="button"
        className={cn(controlClasses, "flex h-9 items-center justify-between gap-2 px-3 text-left", className)}
        aria-label={ariaLabel}
        aria-controls={listId}
        {...field}
      >
        <span className={cn("truncate", chosen.length === 0 && "text-muted-foreground")}>{summary}</span>
        <span className="flex shrink-0 items-center gap-1.5">
          {chosen.length > 1 ? (
            <span className="rounded bg-primary/10 px-1 text-[11px] font-semibold tabular-nums text-primary">{chosen.length}</span>
          ) : null}
          <ChevronDown className="size-4 text-muted-foreground" aria-hidden />
        </span>
      </PopoverPrimitive.Trigger>
      <PopoverPrimitive.Portal>
        <PopoverPrimitive.Content
          align="start"
          sideOffset={4}
          className="z-50 w-(--radix-popover-trigger-width) min-w-52 rounded-lg border bg-card p-1 text-foreground shadow-lg data-[state=open]:animate-pop-in focus:outline-none"
        >
          <div id={listId} role="group" aria-label={ariaLabel} className="grid max-h-72 overflow-y-auto">
            {options.map((option) => {
              const checked = value.includes(option.value);
              return (
                <button
                  key={option.value}
                  type="button"
                  role="checkbox"
                  aria-checked={checked}
                  onClick={() => toggle(option.value)}
                  className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none transition-colors hover:bg-muted focus-visible:bg-muted"
                >
                  <span
                    aria-hidden
                    className={cn(
                      "flex size-4 shrink-0 items-center justify-center rounded-sm border",
                      checked ? "border-primary bg-primary text-primary-foreground" : "border-input bg-card",
                    )}
                  >
                    {checked ? <Check className="size-3" strokeWidth={3} /> : null}
                  </span>
                  {option.label}
                </button>
              );
            })}
          </div>
          {value.length > 0 ? (
            <div className="mt-1 border-t pt-1">
              <button
                type="button"
                onClick={() => onChange([])}
                className="w-full rounded-md px-2 py-1.5 text-left text-[13px] text-muted-foreground outline-none transition-colors hover:bg-muted hover:text-foreground focus-visible:bg-muted"
              >
                Clear selection
              </button>
            </div>
          ) : null}
        </PopoverPrimitive.Content>
      </PopoverPrimitive.Portal>
    </PopoverPrimitive.Root>
  );
}
