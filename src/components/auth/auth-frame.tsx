import Link from "next/link";
import { Brand } from "@/components/app-shell/brand";

/** The centred frame of the signed-out pages: brand, one line on what Recoup does, then the card. */
export function AuthFrame({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center px-4 py-10 sm:justify-center sm:py-16">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-80 bg-[radial-gradient(60%_100%_at_50%_0%,oklch(0.47_0.17_258/0.09),transparent)]"
      />
      <div className="mb-8 flex flex-col items-center text-center">
        <Link href="/" className="rounded-md">
          <Brand tone="light" />
        </Link>
        <p className="mt-3 max-w-sm text-sm leading-relaxed text-muted-foreground">
          Cancel before the supplier ships, recover what you refund, and see what refunds really cost.
        </p>
      </div>
      <div className="w-full max-w-[400px]">{children}</div>
    </div>
  );
}

export function AuthCard({ title, description, children, footer }: { title: string; description?: React.ReactNode; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <>
      <div className="rounded-xl border bg-card p-6 shadow-sm sm:p-7">
        <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 text-sm leading-relaxed text-muted-foreground">{description}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
      {footer ? <p className="mt-5 text-center text-sm text-muted-foreground">{footer}</p> : null}
    </>
  );
}
