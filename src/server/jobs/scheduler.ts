import pino from "pino";
import type { Database } from "../db/client";
import { scanDeadlines } from "./deadlines-scan";
import { sendDigests } from "./digest";

const log = pino({ name: "jobs" });

export interface JobDefinition {
  name: string;
  /** How often it runs. */
  everyMs: number;
  run(database: Database): Promise<unknown>;
}

export const JOBS: JobDefinition[] = [
  { name: "deadlines-scan", everyMs: 5 * 60 * 1000, run: (d) => scanDeadlines(d.db) },
  { name: "notification-digest", everyMs: 60 * 60 * 1000, run: (d) => sendDigests(d.db) },
];

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Retries a failing run with exponential backoff (1 s, 2 s, 4 s … up to `attempts`). */
export async function runWithRetry(job: JobDefinition, database: Database, attempts = 5, baseMs = 1000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await job.run(database);
      return;
    } catch (error) {
      if (attempt >= attempts) {
        log.error({ err: error, job: job.name }, "job failed; giving up until its next run");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, baseMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * On the embedded database the jobs run in this process on timers. They keep no state of their own
 * (every job is idempotent and reads what to do from the database), so a restart just runs them again.
 */
export function inProcessScheduler(database: Database, jobs = JOBS): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();
  const tick = (job: JobDefinition) => {
    if (running.has(job.name)) return;
    running.add(job.name);
    void runWithRetry(job, database).finally(() => running.delete(job.name));
  };
  return {
    async start() {
      for (const job of jobs) {
        timers.push(setTimeout(() => tick(job), 10_000));
        timers.push(setInterval(() => tick(job), job.everyMs));
      }
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** On Postgres, pg-boss schedules the jobs: one run at a time across all app servers, with retries. */
export async function pgBossScheduler(url: string, database: Database, jobs = JOBS): Promise<Scheduler> {
  const PgBoss = (await import("pg-boss")).default as unknown as new (url: string) => PgBossLike;
  const boss = new PgBoss(url);
  boss.on("error", (error: unknown) => log.error({ err: error }, "pg-boss error"));
  return {
    async start() {
      await boss.start();
      for (const job of jobs) {
        await boss.createQueue(job.name);
        const minutes = Math.max(1, Math.round(job.everyMs / 60000));
        await boss.schedule(job.name, minutes >= 60 ? `0 */${Math.round(minutes / 60)} * * *` : `*/${minutes} * * * *`, null, {
          retryLimit: 5,
          retryBackoff: true,
          singletonKey: job.name,
        });
        await boss.work(job.name, async () => {
          await job.run(database);
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true });
    },
  };
}

interface PgBossLike {
  on(event: "error", handler: (error: unknown) => void): void;
  start(): Promise<unknown>;
  stop(options?: { graceful?: boolean }): Promise<void>;
  createQueue(name: string): Promise<void>;
  schedule(name: string, cron: string, data: unknown, options: Record<string, unknown>): Promise<void>;
  work(name: string, handler: () => Promise<void>): Promise<string>;
}
