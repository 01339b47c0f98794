import type { Metadata } from "next";
import { Suspense } from "react";
import { DisputesView } from "@/components/disputes/disputes-view";

export const metadata: Metadata = { title: "Disputes" };

export default function DisputesPage() {
  return (
    <Suspense>
      <DisputesView />
    </Suspense>
  );
}
