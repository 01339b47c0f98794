"use client";

import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { reportCsv, reportTables, tableCsv, type ReportForExport } from "@/lib/reports/export";

/** `recoup-loss-2026-01-01-2026-12-31-by-store.csv`, or without a table id for the whole report. */
export function reportFileName(range: { from: string; to: string }, tableId?: string): string {
  return `recoup-loss-${range.from}-${range.to}${tableId ? `-${tableId}` : ""}.csv`;
}

/**
 * Saves text as a file through a temporary link. The byte-order mark makes Excel read the file as
 * UTF-8 (store names, ₩), and the cells are formula-neutralised by `toCsv`.
 */
export function downloadCsv(fileName: string, csv: string) {
  const blob = new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Let the browser start the download before the address goes away.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "CSV" on one table of the report. */
export function TableCsvButton({ report, tableId, label }: { report: ReportForExport; tableId: string; label: string }) {
  return (
    <Button
      variant="ghost"
      size="sm"
      className="print:hidden"
      aria-label={`Download ${label} as CSV`}
      data-testid={`csv-${tableId}`}
      onClick={() => {
        const table = reportTables(report).find((t) => t.id === tableId);
        if (table) downloadCsv(reportFileName(report.range, tableId), tableCsv(table));
      }}
    >
      <Download aria-hidden />
      CSV
    </Button>
  );
}

/** "Download all (CSV)": every table in one file, each under its title. */
export function ReportCsvButton({ report, disabled }: { report: ReportForExport | undefined; disabled?: boolean }) {
  return (
    <Button
      variant="secondary"
      disabled={!report || disabled}
      onClick={() => report && downloadCsv(reportFileName(report.range), reportCsv(report))}
    >
      <Download aria-hidden />
      Download all (CSV)
    </Button>
  );
}
