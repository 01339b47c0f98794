"use client";

import { useEffect, useRef, useState } from "react";

export interface LiveProgress {
  processedRows: number;
  totalRows: number;
}

const POLL_MS = 500;
/** Polls that may say "not running" right after a start, before the background work has begun. */
const GRACE_POLLS = 3;

/**
 * Live progress of a running import, from `GET /api/imports/<id>/progress`. That endpoint answers
 * from the server's memory: on the embedded database a tRPC call would wait for the import's
 * transaction to end, so it cannot be the source of progress. When the endpoint stops reporting the
 * job as running, `onSettled` asks the caller to re-read the job; polling continues (slower) until
 * the caller marks the job as no longer running.
 */
export function useImportProgress(jobId: string, running: boolean, onSettled: () => void): LiveProgress | null {
  const [progress, setProgress] = useState<LiveProgress | null>(null);
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  }, [onSettled]);

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let misses = 0;
    let seenRunning = false;

    async function poll() {
      let delay = POLL_MS;
      try {
        const response = await fetch(`/api/imports/${jobId}/progress`, { cache: "no-store" });
        const body = (await response.json()) as { running?: boolean; processedRows?: number; totalRows?: number };
        if (stopped) return;
        if (body.running) {
          seenRunning = true;
          misses = 0;
          setProgress({ processedRows: body.processedRows ?? 0, totalRows: body.totalRows ?? 0 });
        } else {
          misses += 1;
          if (seenRunning || misses >= GRACE_POLLS) {
            settled.current();
            delay = POLL_MS * 4;
          }
        }
      } catch {
        // A dropped poll is retried on the next tick; the job page re-reads the job either way.
        delay = POLL_MS * 2;
      }
      if (!stopped) timer = setTimeout(poll, delay);
    }

    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId, running]);

  return running ? progress : null;
}
