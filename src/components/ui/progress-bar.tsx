import { cn } from "@/lib/utils";

/**
 * A horizontal progress bar. With `value` and `max` it fills to the share done; without them it is
 * indeterminate (work started, amount unknown) and pulses.
 */
export function ProgressBar({
  value,
  max = 100,
  label,
  className,
  tone = "primary",
}: {
  value?: number | null;
  max?: number;
  /** What is progressing, for assistive tech ("Import progress"). */
  label: string;
  className?: string;
  tone?: "primary" | "success" | "destructive";
}) {
  const determinate = typeof value === "number" && max > 0;
  const share = determinate ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? Math.min(value, max) : undefined}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div
        className={cn(
          "h-full rounded-full transition-[width] duration-300 ease-out",
          tone === "success" ? "bg-success" : tone === "destructive" ? "bg-destructive" : "bg-primary",
          !determinate && "w-2/5 animate-pulse",
        )}
        style={determinate ? { width: `${share * 100}%` } : undefined}
      />
    </div>
  );
}
