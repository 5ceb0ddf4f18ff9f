import { z } from "zod";
import { getDb } from "@/db/client";
import { customerFilterInput, customerSortFields, exportColumnInput } from "@/server/api/schemas/customers";
import { getSessionUser } from "@/server/auth";
import { can, type Role } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http-errors";
import { getBusinessBySlugForUser } from "@/server/services/businesses";
import { getMembership } from "@/server/services/businesses/membership";
import { exportCustomers } from "@/server/services/customers";

export const dynamic = "force-dynamic";

const queryInput = z.object({
  /** The business by id, or by `slug`. */
  businessId: z.uuid().optional(),
  slug: z.string().max(100).optional(),
  format: z.enum(["csv", "xlsx"]).default("csv"),
  /** The list filter as JSON (`customerFilterInput`). */
  filter: z.string().max(20_000).optional(),
  /** Comma-separated columns (standard names or `custom:<key>`): the list's visible columns. */
  columns: z.string().max(5_000).optional(),
  /** Comma-separated customer ids: export this selection (the filter is then ignored). */
  ids: z.string().max(200_000).optional(),
  sort: z.enum(customerSortFields).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
});

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The customers list's export for signed-in members whose role may export:
 * `GET /api/customers/export?businessId=|slug=&format=csv|xlsx&filter=<json>&columns=a,b&ids=&sort=&direction=`.
 * Streams the file as an attachment (keyset batches of 2,000; cells starting with = + - @ TAB CR are
 * neutralised). Errors as JSON `{ message, code, issues? }`: 401 without a session, 404 not a member,
 * 403 the role may not export, 422 bad parameters.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const user = await getSessionUser();
    if (!user) throw new AppError("UNAUTHORIZED");
    const parsed = queryInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success) {
      const issues = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
      throw new AppError("VALIDATION", "Check the export parameters.", issues);
    }
    const q = parsed.data;
    const db = await getDb();
    let m: { business: { id: string }; role: Role | null };
    if (q.businessId) m = await getMembership(db, { businessId: q.businessId, userId: user.id });
    else if (q.slug) m = await getBusinessBySlugForUser(db, q.slug, user.id);
    else throw new AppError("VALIDATION", "Say which business to export.", { businessId: "Required" });
    const businessId = m.business.id;
    if (!m.role || !can(m.role, "customers.export"))
      throw new AppError("FORBIDDEN", "Your role in this business cannot export customers.");

    let filter: z.infer<typeof customerFilterInput> = {};
    if (q.filter) {
      let raw: unknown;
      try {
        raw = JSON.parse(q.filter);
      } catch {
        throw new AppError("VALIDATION", "filter is not valid JSON.", { filter: "Not valid JSON." });
      }
      const f = customerFilterInput.safeParse(raw);
      if (!f.success) {
        const issues = Object.fromEntries(
          f.error.issues.map((i) => [`filter.${i.path.join(".")}`, i.message]),
        );
        throw new AppError("VALIDATION", "Check the filter.", issues);
      }
      filter = f.data;
    }
    const columns = q.columns
      ? z
          .array(exportColumnInput)
          .max(200)
          .safeParse(
            q.columns
              .split(",")
              .map((c) => c.trim())
              .filter(Boolean),
          )
      : undefined;
    if (columns && !columns.success)
      throw new AppError("VALIDATION", "Unknown column.", { columns: "Unknown export column." });
    const ids = (q.ids ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.some((id) => !idPattern.test(id)))
      throw new AppError("VALIDATION", "Check the selected customers.", { ids: "Not a customer id." });
    if (ids.length > 5_000)
      throw new AppError("VALIDATION", "Export at most 5,000 selected customers, or export all matching.", {
        ids: "Too many.",
      });

    const file = await exportCustomers(
      db,
      businessId,
      { filter, sort: { field: q.sort, direction: q.direction }, customerIds: ids.length ? ids : undefined },
      { format: q.format, columns: columns?.data },
    );
    return new Response(file.stream, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    return errorResponse(e, "customer export failed");
  }
}
