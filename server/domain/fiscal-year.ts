import { TZDate } from "@date-fns/tz";

/**
 * Fiscal years and document numbers. India's financial year runs April to March (Income-tax Act §2(9));
 * a business elsewhere picks its first month. A year is labelled by its start and end years, "2026-27",
 * or by one year when it starts in January ("2026"). Numbers read `{prefix}/{year}/{sequence}`, the
 * sequence zero-padded to 4 digits and restarting each fiscal year (Rule 46(b) of the CGST Rules asks
 * for a consecutive serial number unique for a financial year).
 */

/** The label of the fiscal year holding `at` in `timeZone`, for years starting in month `startMonth` (1–12). */
export function fiscalYearLabel(at: Date, timeZone: string, startMonth = 4): string {
  const local = new TZDate(at, timeZone);
  const month = local.getMonth() + 1;
  const year = local.getFullYear();
  const start = month >= startMonth ? year : year - 1;
  if (startMonth === 1) return String(start);
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** `INV/2026-27/0001` from a prefix, a fiscal year label and a sequence number (≥ 1). */
export function documentNumber(prefix: string, fiscalYear: string, sequence: number): string {
  const seq = String(sequence).padStart(4, "0");
  return prefix ? `${prefix}/${fiscalYear}/${seq}` : `${fiscalYear}/${seq}`;
}

/** Payment terms: due on receipt, or net N days. */
export type PaymentTerms = { kind: "on_receipt" } | { kind: "net"; days: number };

/** The due date (`YYYY-MM-DD`) of a document issued on `issueDate` (`YYYY-MM-DD`) under `terms`. */
export function dueDateOf(issueDate: string, terms: PaymentTerms): string {
  if (terms.kind === "on_receipt") return issueDate;
  const d = new Date(`${issueDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + terms.days);
  return d.toISOString().slice(0, 10);
}

/** The calendar date (`YYYY-MM-DD`) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const local = new TZDate(at, timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
}
