"use client";

import { cn } from "@/lib/utils";
import { useFieldControl } from "./form-field";
import { controlClasses } from "./input";

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  const field = useFieldControl(props);
  return <textarea className={cn(controlClasses, "min-h-20 px-3 py-2 leading-relaxed", className)} {...props} {...field} />;
}
