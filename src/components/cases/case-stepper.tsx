import Link from "next/link";
import { ArrowRight, Check, Minus, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import type { CaseStep } from "./case-progress";

/**
 * The case's path as a vertical checklist. The current step is highlighted and carries the next-step
 * sentence and, as children, what can be done about it.
 */
export function CaseStepper({
  steps,
  nextStep,
  nextStepLink,
  children,
}: {
  steps: CaseStep[];
  nextStep: string | null;
  nextStepLink?: { href: string; label: string } | null;
  children?: React.ReactNode;
}) {
  return (
    <ol className="grid" aria-label="Case progress" data-testid="case-stepper">
      {steps.map((step, index) => {
        const last = index === steps.length - 1;
        const current = step.status === "current";
        return (
          <li
            key={step.key}
            className="relative flex gap-3.5 pb-1 last:pb-0"
            aria-current={current ? "step" : undefined}
            data-testid="case-step"
            data-step={step.key}
            data-status={step.status}
          >
            {!last ? (
              <span
                aria-hidden
                className={cn(
                  "absolute bottom-0 left-[13px] top-8 w-px",
                  step.status === "done" ? "bg-primary/35" : "bg-border",
                  step.status === "skipped" && "bg-[repeating-linear-gradient(to_bottom,var(--color-border)_0_3px,transparent_3px_6px)]",
                )}
              />
            ) : null}
            <Marker step={step} number={index + 1} />
            <div
              className={cn(
                "mb-3 min-w-0 flex-1 rounded-lg pt-1",
                current && "-mt-0.5 border border-primary/25 bg-primary/[0.035] px-3.5 pb-3.5 pt-2.5 shadow-xs",
              )}
            >
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <p
                  className={cn(
                    "text-[13px] font-semibold leading-tight",
                    step.status === "upcoming" && "font-medium text-muted-foreground",
                    step.status === "skipped" && "font-medium text-muted-foreground",
                  )}
                >
                  {step.title}
                </p>
                {current ? (
                  <span className="rounded bg-primary px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-primary-foreground">Next step</span>
                ) : null}
                {step.status === "skipped" ? <span className="text-[11px] text-muted-foreground">Skipped</span> : null}
              </div>
              {step.detail ? (
                <p
                  className={cn(
                    "mt-1 text-xs leading-snug",
                    step.warning ? "text-[oklch(0.5_0.12_50)]" : "text-muted-foreground",
                    step.warning && step.status === "skipped" && "text-destructive",
                  )}
                  data-testid="step-detail"
                >
                  {step.detail}
                </p>
              ) : null}
              {current && nextStep ? (
                <p className="mt-2 text-[13px] leading-relaxed text-foreground/90" data-testid="next-step">
                  {nextStep}
                  {nextStepLink ? (
                    <>
                      {" "}
                      <Link href={nextStepLink.href} className="inline-flex items-center gap-1 font-medium text-primary hover:underline">
                        {nextStepLink.label}
                        <ArrowRight className="size-3.5" aria-hidden />
                      </Link>
                    </>
                  ) : null}
                </p>
              ) : null}
              {current && children ? <div className="mt-3">{children}</div> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Marker({ step, number }: { step: CaseStep; number: number }) {
  const base = "relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold";
  if (step.status === "done") {
    return (
      <span className={cn(base, step.warning ? "bg-warning/20 text-[oklch(0.45_0.11_65)]" : "bg-primary text-primary-foreground")}>
        {step.warning ? <TriangleAlert className="size-3.5" aria-hidden /> : <Check className="size-3.5" strokeWidth={3} aria-hidden />}
        <span className="sr-only">Done: </span>
      </span>
    );
  }
  if (step.status === "current") {
    return (
      <span className={cn(base, "border-2 border-primary bg-card text-primary ring-4 ring-primary/10")}>
        {number}
        <span className="sr-only"> (current)</span>
      </span>
    );
  }
  if (step.status === "skipped") {
    return (
      <span className={cn(base, "border border-dashed border-muted-foreground/40 bg-card text-muted-foreground", step.warning && "border-destructive/50 text-destructive")}>
        <Minus className="size-3.5" aria-hidden />
        <span className="sr-only">Skipped: </span>
      </span>
    );
  }
  return <span className={cn(base, "border bg-card text-muted-foreground")}>{number}</span>;
}
