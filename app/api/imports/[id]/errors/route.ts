import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { imports } from "@/db/schema";
import { createContext } from "@/server/api/context";
import { can } from "@/server/auth/permissions";
import { AppError, isAppError } from "@/server/errors";
import { getMembership } from "@/server/services/businesses/membership";
import { getImportErrorFile } from "@/server/services/imports/run";
import { openImportFile } from "@/server/services/imports/storage";

export const dynamic = "force-dynamic";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Downloads an import's error report (CSV, UTF-8 with BOM: the original row plus an `Error` column),
 * always as an attachment. Allowed for a member of the import's business whose role may import, or an
 * API key of that business; 404 for anyone else (another business's import is never revealed), 401
 * without a session or key. Streamed from local disk, or from the bucket with S3 storage.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    if (!uuid.test(id)) throw new AppError("NOT_FOUND");
    const ctx = await createContext(req);
    if (!ctx.user && !ctx.apiKey) throw new AppError("UNAUTHORIZED");
    // Resolve the import's business, then check that the caller belongs to it.
    const [row] = await ctx.db
      .select({ businessId: imports.businessId })
      .from(imports)
      .where(eq(imports.id, id));
    if (!row) throw new AppError("NOT_FOUND");
    const { businessId } = row;
    if (ctx.apiKey) {
      if (ctx.apiKey.businessId !== businessId) throw new AppError("NOT_FOUND");
    } else {
      const m = await getMembership(ctx.db, { businessId, userId: ctx.user!.id });
      if (!m.role || !can(m.role, "customers.import")) throw new AppError("NOT_FOUND");
    }
    const file = await getImportErrorFile(ctx.db, businessId, id);
    const stored = await openImportFile(file.key);
    if (!stored) throw new AppError("NOT_FOUND");
    const body = Readable.toWeb(stored.body) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-length": String(stored.size),
        "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return Response.json({ message: e.message, code: e.code }, { status: e.httpStatus });
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      return Response.json({ message: "Not found.", code: "NOT_FOUND" }, { status: 404 });
    throw e;
  }
}
