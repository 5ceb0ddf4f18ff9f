import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { withBusiness } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { getImportErrorFile } from "@/server/services/imports/run";
import { openImportFile } from "@/server/services/imports/storage";

export const dynamic = "force-dynamic";

/**
 * Downloads an import's error report (CSV, UTF-8 with BOM: the original row plus an `Error` column),
 * always as an attachment. Allowed for a member of the import's business whose role may import, or an
 * API key of that business: 404 for anyone outside the business (another business's import is never
 * revealed), 403 for a member whose role may not import, 401 without a session or key. Streamed from
 * local disk, or from the bucket with S3 storage.
 */
export const GET = withBusiness<{ id: string }>(
  "customers.import",
  async (_req, gate, { id }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    const [row] = await gate.db
      .select({ businessId: imports.businessId })
      .from(imports)
      .where(eq(imports.id, id));
    if (!row) throw new AppError("NOT_FOUND");
    const { businessId } = await gate.business({ businessId: row.businessId });
    const file = await getImportErrorFile(gate.db, businessId, id);
    let stored: Awaited<ReturnType<typeof openImportFile>>;
    try {
      stored = await openImportFile(file.key);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("NOT_FOUND");
      throw e;
    }
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
  },
  { what: "import error file download failed" },
);
