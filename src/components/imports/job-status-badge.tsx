import { Badge } from "@/components/ui/badge";
import { JOB_STATUS_LABELS } from "./import-formats";

const TONES = {
  previewed: "warning",
  running: "primary",
  completed: "success",
  failed: "destructive",
  discarded: "outline",
} as const;

export function JobStatusBadge({ status, interrupted }: { status: string; interrupted?: boolean }) {
  if (interrupted) return <Badge variant="destructive">Interrupted</Badge>;
  return <Badge variant={TONES[status as keyof typeof TONES] ?? "neutral"}>{JOB_STATUS_LABELS[status] ?? status}</Badge>;
}
