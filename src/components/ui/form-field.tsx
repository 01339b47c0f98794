"use client";

import { createContext, useContext, useId } from "react";
import { CircleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import { Label } from "./label";

interface FieldContextValue {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

const FieldContext = createContext<FieldContextValue | null>(null);

/**
 * The id and ARIA attributes a control inside a `FormField` should carry, so its label, hint and
 * error are announced with it. Explicit props on the control win.
 */
export function useFieldControl(props: { id?: string; "aria-describedby"?: string; "aria-invalid"?: React.AriaAttributes["aria-invalid"] }) {
  const field = useContext(FieldContext);
  return {
    id: props.id ?? field?.id,
    "aria-describedby": props["aria-describedby"] ?? field?.describedBy,
    "aria-invalid": props["aria-invalid"] ?? (field?.invalid ? true : undefined),
  };
}

export interface FormFieldProps {
  label: React.ReactNode;
  /** Shown under the control until there is an error. */
  hint?: React.ReactNode;
  error?: string | null;
  /** Marks the label; the control's own `required` still drives validation. */
  optional?: boolean;
  id?: string;
  className?: string;
  children: React.ReactNode;
}

/** A label, a control, and the control's hint or error message, wired together for assistive tech. */
export function FormField({ label, hint, error, optional, id, className, children }: FormFieldProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  const describedBy = error ? errorId : hint ? hintId : undefined;
  return (
    <FieldContext.Provider value={{ id: fieldId, describedBy, invalid: Boolean(error) }}>
      <div className={cn("grid content-start gap-1.5", className)}>
        <Label htmlFor={fieldId}>
          {label}
          {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
        </Label>
        {children}
        {error ? <FieldError id={errorId}>{error}</FieldError> : hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      </div>
    </FieldContext.Provider>
  );
}

export function FieldHint({ className, ...props }: React.ComponentProps<"p">) {
  return <p className={cn("text-[13px] leading-snug text-muted-foreground", className)} {...props} />;
}

export function FieldError({ className, children, ...props }: React.ComponentProps<"p">) {
  return (
    <p className={cn("flex items-start gap-1.5 text-[13px] leading-snug text-destructive", className)} {...props}>
      <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
