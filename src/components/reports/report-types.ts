import type { RouterOutputs } from "@/trpc/react";

export type LossReportData = RouterOutputs["report"]["loss"];
export type ReportPeriodFigures = LossReportData["totals"][number];
