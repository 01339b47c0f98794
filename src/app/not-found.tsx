import Link from "next/link";
import { Brand } from "@/components/app-shell/brand";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 text-center">
      <Brand tone="light" />
      <p className="mt-10 text-sm font-medium text-primary">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight">This page does not exist</h1>
      <p className="mt-2 max-w-sm text-sm leading-relaxed text-muted-foreground">
        The address may be mistyped, or the page belongs to an organization you are not acting in.
      </p>
      <Button asChild className="mt-6">
        <Link href="/">Back to Recoup</Link>
      </Button>
    </div>
  );
}
