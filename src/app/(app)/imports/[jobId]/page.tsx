import type { Metadata } from "next";
import { ImportJobView } from "@/components/imports/import-job-view";

export const metadata: Metadata = { title: "Import" };

export default async function ImportJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  return <ImportJobView jobId={jobId} />;
}
