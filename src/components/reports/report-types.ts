import type { RouterOutputs } from "@/trpc/react";
import type { UnpackedReport } from "@/lib/reports/wire";

/** The report as the page uses it: unpacked from the wire (`unpackLossReport`). */
export type LossReportData = UnpackedReport<RouterOutputs["report"]["loss"]>;
export type ReportPeriodFigures = LossReportData["totals"][number];
