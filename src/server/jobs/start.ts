import pino from "pino";
import { getDatabase } from "../db/client";
import { inProcessScheduler, pgBossScheduler, type Scheduler } from "./scheduler";

const log = pino({ name: "jobs" });
const globalForJobs = globalThis as unknown as { __recoupScheduler?: Promise<Scheduler> };

/** Starts the background jobs once per server process (from instrumentation.ts). */
export function startJobs(): Promise<Scheduler> {
  globalForJobs.__recoupScheduler ??= (async () => {
    const database = await getDatabase();
    const scheduler =
      database.kind === "postgres" && process.env.DATABASE_URL
        ? await pgBossScheduler(process.env.DATABASE_URL, database)
        : inProcessScheduler(database);
    await scheduler.start();
    log.info({ database: database.kind }, "background jobs started");
    return scheduler;
  })();
  return globalForJobs.__recoupScheduler;
}
