import { eq } from "drizzle-orm";
import { z } from "zod";
import { leadForms } from "@/db/schema";
import { listSubmissionsInput } from "@/server/domain/lead-form-contracts";
import { AppError } from "@/server/errors";
import { withBusiness } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { exportSubmissions } from "@/server/services/lead-forms/export";

export const dynamic = "force-dynamic";

const queryInput = listSubmissionsInput
  .pick({ tab: true, status: true, from: true, to: true, search: true })
  .extend({ format: z.enum(["csv", "xlsx"]).default("csv") });

/**
 * Downloads a form's submissions as CSV or XLSX: `GET /api/lead-forms/{formId}/export?format=csv|xlsx&tab=
 * all|spam&status=&from=&to=&search=` (the submissions page's tab and filters; `from`/`to` ISO 8601).
 * Streams the file as an attachment; cells a spreadsheet would run as a formula are neutralised. Allowed
 * for a member of the form's business whose role reads forms (`forms.read`), or an API key of it: 404 for
 * anyone outside the business (another business's form is never revealed), 401 without a session or key,
 * 422 for bad parameters.
 */
export const GET = withBusiness<{ id: string }>(
  "forms.read",
  async (req, gate, { id }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    const [row] = await gate.db
      .select({ businessId: leadForms.businessId })
      .from(leadForms)
      .where(eq(leadForms.id, id));
    if (!row) throw new AppError("NOT_FOUND");
    const { businessId } = await gate.business({ businessId: row.businessId });
    const parsed = queryInput.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success)
      throw new AppError(
        "VALIDATION",
        "Check the export parameters.",
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])),
      );
    const { format, ...filters } = parsed.data;
    const file = await exportSubmissions(gate.db, businessId, id, filters, format);
    return new Response(file.stream, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]+/g, "_")}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  },
  { what: "form submissions export failed" },
);
