import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, leadFormVersions } from "@/db/schema";
import { UTM_KEYS } from "@/server/domain/lead-form-answers";
import type { SubmissionFilters } from "@/server/domain/lead-form-contracts";
import {
  EXPORT_BATCH,
  type ExportFormat,
  type ExportResult,
  exportFailed,
  streamOf,
} from "@/server/services/customers/export";
import { neutralizeCell, toCsvLine } from "@/server/services/imports/csv-safety";
import { encodeTimeCursor } from "@/server/services/pagination/time-cursor";
import { formRow, storedDefinition } from "./rows";
import { sourceOf, submissionRows, submissionsWhere } from "./submissions";

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** One answer as a cell: lists joined with ", ", booleans as yes / no. */
function answerCell(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

/**
 * The answer columns of a form: every field any version has had, in the newest version's order first,
 * then fields only older versions had; headed by their newest label.
 */
async function answerColumns(db: DbOrTx, businessId: string, formId: string, draft: unknown) {
  const versions = await db
    .select({ definition: leadFormVersions.definition })
    .from(leadFormVersions)
    .where(and(eq(leadFormVersions.businessId, businessId), eq(leadFormVersions.formId, formId)))
    .orderBy(desc(leadFormVersions.version));
  const columns = new Map<string, string>();
  const definitions = versions.length ? versions.map((v) => v.definition) : [draft];
  for (const def of definitions)
    for (const f of storedDefinition(def).fields) if (!columns.has(f.key)) columns.set(f.key, f.label);
  return [...columns.entries()].map(([key, label]) => ({ key, label }));
}

/**
 * Streams a form's submissions under `filters` (the submissions page's tab and filters) as CSV (RFC 4180,
 * UTF-8 with BOM, CRLF) or XLSX (exceljs streaming writer), newest first, read in keyset pages of 2,000,
 * the same way as the customers export. Columns: submitted at (UTC), status, every field's answer,
 * source, the UTM parameters, referrer, landing page, spam reason, customer id. Every cell is neutralised
 * (a leading = + - @ TAB or CR gets a `'`, OWASP CSV Injection), so a visitor's "=HYPERLINK(…)" never
 * runs in a spreadsheet. Output: `{ contentType, fileName, stream }`. Errors: NOT_FOUND.
 */
export async function exportSubmissions(
  db: DbOrTx,
  businessId: string,
  formId: string,
  filters: SubmissionFilters,
  format: ExportFormat,
): Promise<ExportResult> {
  const form = await formRow(db, businessId, formId);
  const [business] = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  const answers = await answerColumns(db, businessId, formId, form.draft);
  const header = [
    "Submitted At (UTC)",
    "Status",
    ...answers.map((a) => a.label),
    "Source",
    ...UTM_KEYS,
    "Referrer",
    "Landing Page",
    "Spam Reason",
    "Customer ID",
  ];
  const where = submissionsWhere(businessId, formId, filters);

  async function* batches() {
    let cursor: string | null = null;
    for (;;) {
      const rows = await submissionRows(db, businessId, where, { cursor, limit: EXPORT_BATCH });
      if (rows.length) yield rows;
      if (rows.length < EXPORT_BATCH) return;
      const last = rows.at(-1)!;
      cursor = encodeTimeCursor(last.cursorTime, last.id);
    }
  }
  const cells = (r: Awaited<ReturnType<typeof submissionRows>>[number]): string[] => {
    const context = r.context as { utm?: Record<string, string>; referrer?: string; landingPage?: string };
    return [
      iso(r.createdAt),
      r.status,
      ...answers.map((a) => answerCell(r.answers[a.key])),
      sourceOf(r.context),
      ...UTM_KEYS.map((k) => context.utm?.[k] ?? ""),
      context.referrer ?? "",
      context.landingPage ?? "",
      r.spamReason ?? "",
      r.customerId ?? "",
    ];
  };

  const slug = (
    form.name
      .replace(/[^\w.-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "form"
  ).toLowerCase();
  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `${business?.slug ?? "business"}-${slug}-submissions-${stamp}.${format}`;
  const what = "form submissions export";

  if (format === "csv") {
    async function* csv(): AsyncGenerator<string> {
      yield `\uFEFF${toCsvLine(header)}`;
      for await (const rows of batches()) yield rows.map((r) => toCsvLine(cells(r))).join("");
    }
    return { contentType: "text/csv; charset=utf-8", fileName, stream: streamOf(csv(), what) };
  }

  const out = new PassThrough();
  // exceljs is loaded on first use: a process that never writes a workbook does not hold it.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet("Submissions");
  (async () => {
    sheet.addRow(header.map(neutralizeCell)).commit();
    for await (const rows of batches()) {
      for (const r of rows) sheet.addRow(cells(r).map(neutralizeCell)).commit();
      if (out.writableNeedDrain) await once(out, "drain");
    }
    sheet.commit();
    await workbook.commit();
  })().catch((e: unknown) => out.destroy(exportFailed(e, what)));
  return {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName,
    stream: Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>,
  };
}
