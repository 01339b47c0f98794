/**
 * Live progress of imports running in this process. The embedded database serialises transactions,
 * so a poll cannot read the job row while the import's transaction runs; this map answers instead.
 */
export interface LiveProgress {
  organizationId: string;
  processedRows: number;
  totalRows: number;
  startedAt: number;
}

const live = new Map<string, LiveProgress>();

export const importProgress = {
  start(jobId: string, organizationId: string, totalRows: number) {
    live.set(jobId, { organizationId, processedRows: 0, totalRows, startedAt: Date.now() });
  },
  update(jobId: string, processedRows: number) {
    const entry = live.get(jobId);
    if (entry) entry.processedRows = processedRows;
  },
  finish(jobId: string) {
    live.delete(jobId);
  },
  get(jobId: string): LiveProgress | undefined {
    return live.get(jobId);
  },
  isRunningHere(jobId: string): boolean {
    return live.has(jobId);
  },
};
