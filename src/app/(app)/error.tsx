"use client";

import { RotateCcw, TriangleAlert } from "lucide-react";
import { PageContainer } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** Anything a page throws while rendering lands here, inside the shell, with a way to try again. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageContainer>
      <Card className="mx-auto mt-10 max-w-md p-6 text-center">
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-destructive/10 text-destructive">
          <TriangleAlert className="size-5" aria-hidden />
        </div>
        <h1 className="text-base font-semibold">This page could not load</h1>
        <p className="mt-1.5 text-sm leading-relaxed text-muted-foreground">
          {error.message && !error.digest ? error.message : "Something went wrong on our side. Try again in a moment."}
        </p>
        <Button variant="secondary" className="mt-5" onClick={reset}>
          <RotateCcw aria-hidden />
          Try again
        </Button>
      </Card>
    </PageContainer>
  );
}
