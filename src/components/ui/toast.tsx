"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { cn } from "@/lib/utils";

export type ToastVariant = "success" | "error" | "info";

export interface ToastInput {
  title: string;
  description?: string;
  variant?: ToastVariant;
}

interface Toast extends Required<Pick<ToastInput, "title" | "variant">> {
  id: number;
  description?: string;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

const DURATION_MS = { success: 4000, info: 5000, error: 8000 } as const;
const ICONS = { success: CircleCheck, error: CircleAlert, info: Info } as const;
const ICON_CLASSES = { success: "text-success", error: "text-destructive", info: "text-primary" } as const;

/** Brief notices after an action ("Store added"). Errors a user must act on belong inline instead. */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((input: ToastInput) => {
    const toast: Toast = { id: nextId.current++, title: input.title, description: input.description, variant: input.variant ?? "success" };
    // Keep the stack short: the newest three are enough to read.
    setToasts((list) => [...list.slice(-2), toast]);
  }, []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <ol
        aria-live="polite"
        aria-label="Notifications"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-[60] flex flex-col items-center gap-2 p-4 sm:inset-x-auto sm:right-0 sm:items-end"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </ol>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), DURATION_MS[toast.variant]);
    return () => clearTimeout(timer);
  }, [paused, toast.id, toast.variant, onDismiss]);
  const Icon = ICONS[toast.variant];
  return (
    <li
      role={toast.variant === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex w-full max-w-sm animate-toast-in items-start gap-3 rounded-lg border bg-card p-3.5 pr-2.5 shadow-lg"
    >
      <Icon className={cn("mt-0.5 size-4 shrink-0", ICON_CLASSES[toast.variant])} aria-hidden />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="text-sm font-medium leading-snug">{toast.title}</p>
        {toast.description ? <p className="text-[13px] leading-snug text-muted-foreground">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="rounded-md p-1 text-muted-foreground transition-colors hover:bg-muted hover:text-foreground"
      >
        <X className="size-3.5" aria-hidden />
        <span className="sr-only">Dismiss</span>
      </button>
    </li>
  );
}

export function useToast() {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast must be used inside <ToastProvider>.");
  return useMemo(
    () => ({
      success: (title: string, description?: string) => show({ title, description, variant: "success" }),
      error: (title: string, description?: string) => show({ title, description, variant: "error" }),
      info: (title: string, description?: string) => show({ title, description, variant: "info" }),
    }),
    [show],
  );
}
