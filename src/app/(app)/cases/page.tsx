import type { Metadata } from "next";
import { Suspense } from "react";
import { CasesBoard } from "@/components/cases/cases-board";

export const metadata: Metadata = { title: "Cases" };

export default function CasesPage() {
  // The filters live in the query string, which the client reads with useSearchParams.
  return (
    <Suspense>
      <CasesBoard />
    </Suspense>
  );
}
