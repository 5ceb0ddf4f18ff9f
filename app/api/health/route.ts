import { getDbHandle } from "@/db/client";

export const dynamic = "force-dynamic";

/** `{"status":"ok","db":"pglite"|"postgres","migrations":"current"|"pending"}`; 503 when the db is down. */
export async function GET() {
  try {
    const handle = await getDbHandle();
    const pending = await handle.pendingMigrations();
    return Response.json({
      status: "ok",
      db: handle.kind,
      migrations: pending === 0 ? "current" : "pending",
    });
  } catch (e) {
    return Response.json(
      { status: "error", error: e instanceof Error ? e.message : String(e) },
      { status: 503 },
    );
  }
}
