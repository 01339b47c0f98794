"use client";

import { useCallback, useMemo, useState } from "react";
import type { z } from "zod";

type FieldErrors<T> = Partial<Record<keyof T & string, string>>;

/** The shape tRPC gives a failed call: a message written for users, maybe the flattened Zod issues. */
interface ServerError {
  message?: string;
  data?: { code?: string; zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}

export function messageOf(error: unknown, fallback = "That did not work. Try again."): string {
  const message = (error as ServerError | null)?.message;
  return typeof message === "string" && message.length > 0 ? message : fallback;
}

export function codeOf(error: unknown): string | undefined {
  return (error as ServerError | null)?.data?.code;
}

function issuesByField<T>(schema: z.ZodType, values: T): FieldErrors<T> {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const found: FieldErrors<T> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "") as keyof T & string;
    if (key && !found[key]) found[key] = issue.message;
  }
  return found;
}

/**
 * Form state validated by the same Zod schema the server uses. Fields are checked on submit, then
 * on every change once the user has tried to submit, so errors clear as they are fixed. A server
 * error on a field shows until that field changes.
 */
export function useZodForm<S extends z.ZodType<unknown, Record<string, unknown>>>(schema: S, initial: z.input<S>) {
  type Values = z.input<S>;
  const [initialValues] = useState(initial);
  const [values, setValues] = useState<Values>(initial);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<Values>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const errors = useMemo<FieldErrors<Values>>(
    () => ({ ...serverErrors, ...(attempted ? issuesByField(schema, values) : {}) }),
    [serverErrors, attempted, schema, values],
  );

  const set = useCallback(<K extends keyof Values & string>(key: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setServerErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
    setFormError(null);
  }, []);

  /** Validates everything; returns the parsed output, or null after showing the errors. */
  const parse = useCallback((): z.output<S> | null => {
    setAttempted(true);
    setFormError(null);
    setServerErrors({});
    const result = schema.safeParse(values);
    return result.success ? (result.data as z.output<S>) : null;
  }, [schema, values]);

  /**
   * Shows a server error where it belongs: Zod issues beside their fields, anything else above the
   * form, or beside `field` when the caller knows which field the message is about.
   */
  const applyServerError = useCallback((error: unknown, field?: keyof Values & string) => {
    const fieldErrors = (error as ServerError | null)?.data?.zodError?.fieldErrors;
    const mapped: FieldErrors<Values> = {};
    for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
      if (messages?.[0]) mapped[key as keyof Values & string] = messages[0];
    }
    if (Object.keys(mapped).length > 0) setServerErrors(mapped);
    else if (field) setServerErrors({ [field]: messageOf(error) } as FieldErrors<Values>);
    else setFormError(messageOf(error));
  }, []);

  const reset = useCallback(
    (next?: Values) => {
      setValues(next ?? initialValues);
      setAttempted(false);
      setServerErrors({});
      setFormError(null);
    },
    [initialValues],
  );

  return { values, set, setValues, errors, formError, setFormError, parse, applyServerError, reset };
}
