import type { Metadata } from "next";
import { Suspense } from "react";
import { LossReportView } from "@/components/reports/loss-report-view";

export const metadata: Metadata = { title: "Loss report" };

export default function ReportsPage() {
  // The range and stores live in the query string, which the client reads with useSearchParams.
  return (
    <Suspense>
      <LossReportView />
    </Suspense>
  );
}
