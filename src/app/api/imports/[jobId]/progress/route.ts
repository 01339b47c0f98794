import { auth } from "@/server/auth";
import { importProgress } from "@/server/imports/progress";

export const dynamic = "force-dynamic";

/**
 * Live progress of an import running in this process, read from memory: on the embedded database the
 * import's transaction holds the only connection, so this answer must not need the database. It only
 * answers the organization the session is acting in; anything else is "not running here".
 */
export async function GET(_req: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const session = await auth();
  if (!session?.user?.id) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const live = importProgress.get(jobId);
  if (!live || live.organizationId !== session.organizationId) return Response.json({ running: false });
  return Response.json({ running: true, processedRows: live.processedRows, totalRows: live.totalRows });
}
