import { cn } from "@/lib/utils";

/** The product mark: a return arrow closing a loop, money coming back. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn("flex size-7 shrink-0 items-center justify-center rounded-lg bg-primary text-primary-foreground shadow-sm", className)}
    >
      <svg viewBox="0 0 20 20" fill="none" className="size-4" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round">
        <path d="M15.5 9.5a5.5 5.5 0 1 1-2-4.25" />
        <path d="M14 2.5v3.25h-3.25" />
      </svg>
    </span>
  );
}

export function Brand({ className, tone = "dark" }: { className?: string; tone?: "dark" | "light" }) {
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <BrandMark />
      <span className={cn("text-[15px] font-semibold tracking-tight", tone === "dark" ? "text-sidebar-foreground" : "text-foreground")}>
        Recoup
      </span>
    </span>
  );
}
