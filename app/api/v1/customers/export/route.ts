import { z } from "zod";
import { customerFilterInput, customerSortFields, exportColumnInput } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { withBusiness } from "@/server/http/with-business";
import { exportCustomers } from "@/server/services/customers";

const queryInput = z.object({
  format: z.enum(["csv", "xlsx"]).default("csv"),
  search: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(1000).optional(),
  /** The full list filter as JSON (`customerFilterInput`), for anything beyond search and tag. */
  filter: z.string().max(20_000).optional(),
  /** Comma-separated columns (standard names or `custom:<key>`). */
  columns: z.string().max(5_000).optional(),
  sort: z.enum(customerSortFields).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
});

/**
 * REST v1 `GET /api/v1/customers/export?format=csv|xlsx`: the API key's customers as a file, with the list's
 * filters (`search`, `tag` = one tag or several comma-separated that customers must all have, or `filter` =
 * the list filter as JSON), `sort`/`direction` and `columns`. Streams the file (keyset batches of 2,000);
 * cells starting with = + - @ TAB CR are neutralised. Errors as JSON `{ message, code, issues? }`: 401
 * without a valid key, 403 when keys may not export, 422 for bad parameters.
 */
export const GET = withBusiness(
  "customers.export",
  async (req, gate) => {
    const { businessId } = await gate.business();

    const params = Object.fromEntries(new URL(req.url).searchParams);
    const parsed = queryInput.safeParse(params);
    if (!parsed.success) {
      const issues = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
      throw new AppError("VALIDATION", "Check the query parameters.", issues);
    }
    const q = parsed.data;
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
    if (q.search) filter = { ...filter, search: q.search };
    const tags = (q.tag ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (tags.length)
      filter = { ...filter, tags: { ...filter.tags, all: [...(filter.tags?.all ?? []), ...tags] } };
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
    if (columns && !columns.success) {
      throw new AppError("VALIDATION", "Unknown column.", {
        columns: "Use column names from the documentation.",
      });
    }

    const file = await exportCustomers(
      gate.db,
      businessId,
      { filter, sort: { field: q.sort, direction: q.direction } },
      { format: q.format, columns: columns?.data },
    );
    return new Response(file.stream, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "no-store",
      },
    });
  },
  { accept: "apiKey", what: "customer export failed" },
);
