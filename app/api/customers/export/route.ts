import { z } from "zod";
import {
  BULK_SELECTION_MAX,
  customerFilterInput,
  customerSortFields,
  exportColumnInput,
} from "@/server/domain/customers";
import { formatCount } from "@/server/domain/format";
import { AppError } from "@/server/errors";
import { limitBody } from "@/server/http/body-limit";
import { type BusinessGate, withBusiness } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { exportCustomers } from "@/server/services/customers";

export const dynamic = "force-dynamic";

const sortFields = {
  sort: z.enum(customerSortFields).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
};

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
  ...sortFields,
});

/** The POST body: the same parameters as JSON, with `filter` an object and `columns`/`ids` arrays. */
const bodyInput = z.object({
  businessId: z.uuid().optional(),
  slug: z.string().max(100).optional(),
  format: z.enum(["csv", "xlsx"]).default("csv"),
  filter: z.record(z.string(), z.unknown()).optional(),
  columns: z.array(z.string().max(200)).max(200).optional(),
  ids: z.array(z.string().max(100)).optional(),
  ...sortFields,
});

/** Bytes a POST body may have: 10,000 ids with their quotes and commas, columns and a filter fit. */
const BODY_MAX_BYTES = 1_000_000;

/** The export parameters, whichever way they came (query string or JSON body). */
interface ExportParams {
  businessId?: string;
  slug?: string;
  format: "csv" | "xlsx";
  /** Not yet validated: a filter object, or undefined. */
  filter: unknown;
  columns: string[];
  ids: string[];
  sort: (typeof customerSortFields)[number];
  direction: "asc" | "desc";
}

function validationError(error: z.ZodError, message: string, prefix = ""): AppError {
  const issues = Object.fromEntries(error.issues.map((i) => [`${prefix}${i.path.join(".")}`, i.message]));
  return new AppError("VALIDATION", message, issues);
}

const commaList = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Checks the member may export from the business named, validates filter, columns and ids, and streams
 * the file. Ids are checked by the service against the business (NOT_FOUND for another business's).
 */
async function exportFor(gate: BusinessGate, p: ExportParams): Promise<Response> {
  if (!p.businessId && !p.slug)
    throw new AppError("VALIDATION", "Say which business to export.", { businessId: "Required" });
  const { businessId } = await gate.business({ businessId: p.businessId, slug: p.slug });

  let filter: z.infer<typeof customerFilterInput> = {};
  if (p.filter !== undefined) {
    const f = customerFilterInput.safeParse(p.filter);
    if (!f.success) throw validationError(f.error, "Check the filter.", "filter.");
    filter = f.data;
  }
  const columns = p.columns.length ? z.array(exportColumnInput).max(200).safeParse(p.columns) : undefined;
  if (columns && !columns.success)
    throw new AppError("VALIDATION", "Unknown column.", { columns: "Unknown export column." });
  if (p.ids.some((id) => !isUuid(id)))
    throw new AppError("VALIDATION", "Check the selected customers.", { ids: "Not a customer id." });
  if (p.ids.length > BULK_SELECTION_MAX)
    throw new AppError(
      "VALIDATION",
      `Export at most ${formatCount(BULK_SELECTION_MAX)} selected customers, or export all matching.`,
      { ids: "Too many." },
    );

  const file = await exportCustomers(
    gate.db,
    businessId,
    {
      filter,
      sort: { field: p.sort, direction: p.direction },
      customerIds: p.ids.length ? p.ids : undefined,
    },
    { format: p.format, columns: columns?.data },
  );
  return new Response(file.stream, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

/**
 * The customers list's export for signed-in members whose role may export:
 * `GET /api/customers/export?businessId=|slug=&format=csv|xlsx&filter=<json>&columns=a,b&ids=&sort=&direction=`.
 * Streams the file as an attachment (keyset batches of 2,000; cells starting with = + - @ TAB CR are
 * neutralised). `ids` (at most 10,000, all the business's customers) exports that selection instead of
 * the filter; long selections go through POST, whose body has no URL length limit.
 * Errors as JSON `{ message, code, issues? }`: 401 without a session, 404 not a member or an id that is
 * not the business's customer, 403 the role may not export, 422 bad parameters.
 */
export const GET = withBusiness(
  "customers.export",
  async (req, gate) => {
    const parsed = queryInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success) throw validationError(parsed.error, "Check the export parameters.");
    const q = parsed.data;
    let filter: unknown;
    if (q.filter) {
      try {
        filter = JSON.parse(q.filter);
      } catch {
        throw new AppError("VALIDATION", "filter is not valid JSON.", { filter: "Not valid JSON." });
      }
    }
    return exportFor(gate, { ...q, filter, columns: commaList(q.columns), ids: commaList(q.ids) });
  },
  { accept: "session", what: "customer export failed" },
);

/**
 * The same export with its parameters as a JSON body (`Content-Type: application/json`, at most 1 MB):
 * `{ businessId | slug, format, filter?, columns?: string[], ids?: string[], sort?, direction? }`. The list
 * uses it for a selection, whose ids would not fit in a URL. A JSON body cannot be sent cross-site
 * without a CORS preflight, and a request the browser marks `Sec-Fetch-Site: cross-site` is refused.
 * Errors as for GET, plus 400 for a body that is not JSON and 413 for one over 1 MB (read while it
 * streams, never whole).
 */
export const POST = withBusiness(
  "customers.export",
  async (req, gate) => {
    if (req.headers.get("sec-fetch-site") === "cross-site")
      throw new AppError("FORBIDDEN", "Exports are only requested from Mini CRM itself.");
    if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? ""))
      throw new AppError("BAD_REQUEST", "Send the export parameters as JSON.");
    const limited = await limitBody(req, BODY_MAX_BYTES);
    if (limited instanceof Response) return limited;
    const text = await limited.text();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "The export request is not valid JSON.");
    }
    const parsed = bodyInput.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error, "Check the export parameters.");
    const b = parsed.data;
    return exportFor(gate, { ...b, filter: b.filter, columns: b.columns ?? [], ids: b.ids ?? [] });
  },
  { accept: "session", what: "customer export failed" },
);
