import { getDatabase, pingDatabase } from "@/server/db/client";

export const dynamic = "force-dynamic";

export async function GET() {
  const kind = process.env.DATABASE_URL ? "postgres" : "pglite";
  try {
    const database = await getDatabase();
    await Promise.race([
      pingDatabase(database.db),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 3 s")), 3000)),
    ]);
    return Response.json({ status: "ok", database: database.kind });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    return Response.json({ status: "error", database: kind, reason: `database unreachable: ${reason}` }, { status: 503 });
  }
}
