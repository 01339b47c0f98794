"use client";

import { cn } from "@/lib/utils";
import { useFieldControl } from "./form-field";

export const controlClasses =
  "w-full min-w-0 rounded-md border border-input bg-card text-sm text-foreground shadow-xs transition-[border-color,box-shadow] placeholder:text-muted-foreground/80 hover:border-foreground/25 focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20 disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70 aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/20";

export function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  const field = useFieldControl(props);
  return <input type={type} className={cn(controlClasses, "h-9 px-3", className)} {...props} {...field} />;
}
