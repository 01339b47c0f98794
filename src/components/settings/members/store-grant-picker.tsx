"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { FieldError } from "@/components/ui/form-field";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

/** Checkboxes for the stores a client member may see. */
export function StoreGrantPicker({
  value,
  onChange,
  error,
  label = "Stores they can see",
}: {
  value: string[];
  onChange: (storeIds: string[]) => void;
  error?: string | null;
  label?: string;
}) {
  const trpc = useTRPC();
  const stores = useQuery(trpc.store.list.queryOptions({ includeArchived: false }));
  const errorId = `${useId()}-error`;

  function toggle(storeId: string, checked: boolean) {
    onChange(checked ? [...value, storeId] : value.filter((id) => id !== storeId));
  }

  return (
    <fieldset className="grid gap-2" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 text-[13px] font-medium">{label}</legend>
      {stores.isPending ? (
        <Skeleton className="h-20 w-full" />
      ) : (stores.data?.length ?? 0) === 0 ? (
        <p className="rounded-lg border border-dashed px-3 py-4 text-center text-[13px] text-muted-foreground">
          Add a store first: a client only sees the stores granted to them.
        </p>
      ) : (
        <div className={cn("max-h-52 divide-y overflow-y-auto rounded-lg border", error && "border-destructive")}>
          {stores.data?.map((store) => (
            <label key={store.id} className="flex cursor-pointer items-center gap-3 px-3 py-2.5 text-sm hover:bg-muted/40">
              <Checkbox checked={value.includes(store.id)} onChange={(e) => toggle(store.id, e.target.checked)} />
              <span className="min-w-0 flex-1 truncate">{store.name}</span>
              <span className="text-xs text-muted-foreground">{store.currency}</span>
            </label>
          ))}
        </div>
      )}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}
