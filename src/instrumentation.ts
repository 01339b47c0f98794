/** Runs once when a server process starts: background jobs begin here (never during `next build`). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.RECOUP_DISABLE_JOBS === "1") return;
  const { startJobs } = await import("./server/jobs/start");
  startJobs().catch((error: unknown) => console.error("Recoup: background jobs could not start", error));
}
