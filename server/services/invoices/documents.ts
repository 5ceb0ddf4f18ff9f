import { and, desc, eq, ilike, inArray, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, invoices } from "@/db/schema";
import { openSecret } from "@/server/crypto/secret-box";
import { computeInvoice } from "@/server/domain/invoice-math";
import type {
  CreateInvoiceInput,
  LineInput,
  ListInvoicesInput,
  UpdateInvoiceInput,
} from "@/server/domain/invoices";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { decodeTimeCursor, encodeTimeCursor } from "@/server/services/pagination/time-cursor";
import { getInvoiceSettings } from "./settings";

export type InvoiceRow = typeof invoices.$inferSelect;

/** A document as the API shows it: its row (no token hash) with `overdue` derived for `today`. */
export type InvoiceOutput = Omit<
  InvoiceRow,
  "publicTokenHash" | "publicTokenSealed" | "pdfKey" | "lineInputs"
> & {
  lineInputs: LineInput[];
  overdue: boolean;
  amountDue: number;
};

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** What is still to pay on a document (minor units): total − paid − credited by credit notes, at least 0. */
export function dueOf(row: Pick<InvoiceRow, "total" | "amountPaid" | "amountCredited">): number {
  return Math.max(0, row.total - row.amountPaid - row.amountCredited);
}

/** The API shape of a row, overdue computed against `today` (`YYYY-MM-DD`). */
export function toOutput(row: InvoiceRow, today: string): InvoiceOutput {
  const { publicTokenHash: _, publicTokenSealed: __, pdfKey: ___, lineInputs, ...rest } = row;
  const open = row.kind === "invoice" && (row.status === "issued" || row.status === "partially_paid");
  return {
    ...rest,
    lineInputs: lineInputs as LineInput[],
    overdue: open && !!row.dueDate && row.dueDate < today,
    amountDue: dueOf(row),
  };
}

async function businessOf(db: DbOrTx, businessId: string) {
  const [b] = await db
    .select({ currency: businesses.currency, timeZone: businesses.timeZone, country: businesses.country })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!b) throw new AppError("NOT_FOUND", "No such business.");
  return b;
}

async function checkCustomer(db: DbOrTx, businessId: string, customerId: string | null | undefined) {
  if (!customerId) return;
  const [c] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!c)
    throw new AppError("NOT_FOUND", "No such customer in this business.", {
      customerId: "No such customer.",
    });
}

/**
 * The computed columns of a document from its inputs (lines, discount, tax basis, place of supply; GST
 * when the seller has a state), by `computeInvoice`.
 */
export function computed(
  draft: Pick<
    InvoiceRow,
    "currency" | "pricesIncludeTax" | "roundTotal" | "discount" | "placeOfSupply" | "amountPaid"
  >,
  lines: LineInput[],
  sellerState: string | null,
) {
  const t = computeInvoice(lines, {
    currency: draft.currency,
    pricesIncludeTax: draft.pricesIncludeTax,
    roundTotal: draft.roundTotal,
    discount: draft.discount,
    gst: sellerState ? { sellerState, placeOfSupply: draft.placeOfSupply ?? sellerState } : null,
    amountPaid: draft.amountPaid,
  });
  return {
    lines: t.lines,
    taxSummary: t.taxSummary,
    taxTotals: t.taxTotals,
    subtotal: t.subtotal,
    discountTotal: t.discount,
    taxTotal: t.taxTotals.reduce((a, x) => a + x.amount, 0),
    rounding: t.rounding,
    total: t.total,
  };
}

function checkCurrency(given: string | undefined, businessCurrency: string) {
  if (given && given !== businessCurrency)
    throw new AppError("VALIDATION", `Invoices of this business are in ${businessCurrency}.`, {
      currency: `Use ${businessCurrency}, the business's currency.`,
    });
}

function checkDiscount(input: { discount?: { kind: string; amount?: number } | null }, subtotal: number) {
  if (input.discount?.kind === "amount" && (input.discount.amount ?? 0) > subtotal)
    throw new AppError("VALIDATION", "The discount is more than the subtotal.", {
      "discount.amount": "The discount cannot be more than the subtotal.",
    });
}

/**
 * Creates a draft invoice, quote or credit note in the business's currency, with the business's default
 * terms, tax basis and rounding unless given. Output: the document. Errors: NOT_FOUND on `customerId`;
 * VALIDATION on `currency` (not the business's) or on a line's field.
 */
export async function createDraft(
  db: DbOrTx,
  actor: { businessId: string; userId: string | null },
  input: CreateInvoiceInput,
): Promise<InvoiceOutput> {
  const business = await businessOf(db, actor.businessId);
  checkCurrency(input.currency, business.currency);
  await checkCustomer(db, actor.businessId, input.customerId);
  const settings = await getInvoiceSettings(db, actor.businessId);
  const lines = input.lines ?? [];
  const base = {
    currency: business.currency,
    pricesIncludeTax: input.pricesIncludeTax ?? settings.pricesIncludeTax,
    roundTotal: input.roundTotal ?? settings.roundTotals,
    discount: input.discount ?? null,
    placeOfSupply: input.placeOfSupply ?? null,
    amountPaid: 0,
  };
  const c = computed(base, lines, settings.stateCode);
  checkDiscount(input, c.subtotal);
  const [row] = await db
    .insert(invoices)
    .values({
      businessId: actor.businessId,
      kind: input.kind,
      customerId: input.customerId ?? null,
      issueDate: input.issueDate ?? null,
      paymentTermsDays: input.paymentTermsDays ?? settings.paymentTermsDays,
      notes: input.notes ?? settings.notes,
      terms: input.terms ?? settings.terms,
      lineInputs: lines,
      createdBy: actor.userId,
      ...base,
      ...c,
    })
    .returning();
  return toOutput(row!, todayIn(business.timeZone));
}

/** The row of a document of the business. Errors: NOT_FOUND. */
export async function invoiceRow(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
  lock = false,
): Promise<InvoiceRow> {
  const q = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.businessId, businessId), eq(invoices.id, invoiceId)))
    .limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new AppError("NOT_FOUND", "No such invoice in this business.");
  return row;
}

/**
 * The public link of an issued document (`{APP_URL}/i/{token}`, for the customer to view and pay), or null
 * for a draft. Errors: NOT_FOUND.
 */
export async function publicInvoiceUrl(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
): Promise<string | null> {
  return publicUrlOf(await invoiceRow(db, businessId, invoiceId));
}

/** The public link of a loaded document row, or null (draft, or sealed under another key). */
export function publicUrlOf(row: Pick<InvoiceRow, "id" | "publicTokenSealed">): string | null {
  const invoiceId = row.id;
  if (!row.publicTokenSealed) return null;
  try {
    return new URL(`/i/${openSecret(row.publicTokenSealed)}`, env.APP_URL).toString();
  } catch {
    // Sealed under another encryption key (MINI_CRM_ENCRYPTION_KEY changed): no link rather than an error.
    logger.warn({ invoiceId }, "invoice link unreadable (another encryption key)");
    return null;
  }
}

/** One document. Errors: NOT_FOUND. */
export async function getInvoice(db: DbOrTx, businessId: string, invoiceId: string): Promise<InvoiceOutput> {
  const business = await businessOf(db, businessId);
  return toOutput(await invoiceRow(db, businessId, invoiceId), todayIn(business.timeZone));
}

/**
 * Changes a draft (fields left out stay; `lines` replaces all lines). An issued document is never edited
 * in place: CONFLICT (void it, or issue a credit note). Errors: NOT_FOUND; CONFLICT; VALIDATION.
 */
export async function updateDraft(
  db: DbOrTx,
  businessId: string,
  input: UpdateInvoiceInput,
): Promise<InvoiceOutput> {
  const business = await businessOf(db, businessId);
  checkCurrency(input.currency, business.currency);
  await checkCustomer(db, businessId, input.customerId);
  const settings = await getInvoiceSettings(db, businessId);
  return db.transaction(async (tx) => {
    const row = await invoiceRow(tx, businessId, input.invoiceId, true);
    if (row.status !== "draft")
      throw new AppError(
        "CONFLICT",
        "An issued document cannot be edited. Void it or issue a credit note, then make a new one.",
      );
    const { invoiceId: _, currency: __, lines: newLines, ...fields } = input;
    const next = { ...row, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    const lines = newLines ?? (row.lineInputs as LineInput[]);
    const c = computed(next as InvoiceRow, lines, settings.stateCode);
    checkDiscount(next as { discount?: { kind: string; amount?: number } | null }, c.subtotal);
    const [updated] = await tx
      .update(invoices)
      .set({
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        lineInputs: lines,
        ...c,
        updatedAt: new Date(),
      })
      .where(and(eq(invoices.businessId, businessId), eq(invoices.id, input.invoiceId)))
      .returning();
    return toOutput(updated!, todayIn(business.timeZone));
  });
}

/** Deletes a draft (issued documents are voided, never deleted). Errors: NOT_FOUND; CONFLICT. */
export async function deleteDraft(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
): Promise<{ id: string }> {
  const [row] = await db
    .delete(invoices)
    .where(and(eq(invoices.businessId, businessId), eq(invoices.id, invoiceId), eq(invoices.status, "draft")))
    .returning({ id: invoices.id });
  if (row) return row;
  await invoiceRow(db, businessId, invoiceId);
  throw new AppError("CONFLICT", "Only drafts can be deleted; void an issued document instead.");
}

/**
 * The business's documents, newest first, keyset pages of `limit` (default 50): filters by kind, status
 * (`overdue` derived from the due date in the business's time zone), customer, issue date range and
 * search (number or customer name). Output: `{ data, nextCursor }`.
 */
export async function listInvoices(
  db: DbOrTx,
  businessId: string,
  input: ListInvoicesInput = {},
): Promise<{ data: (InvoiceOutput & { customerName: string | null })[]; nextCursor: string | null }> {
  const business = await businessOf(db, businessId);
  await checkCustomer(db, businessId, input.customerId);
  const today = todayIn(business.timeZone);
  const limit = input.limit ?? 50;
  const conditions = [eq(invoices.businessId, businessId)];
  if (input.kind) conditions.push(eq(invoices.kind, input.kind));
  if (input.status === "overdue") {
    conditions.push(inArray(invoices.status, ["issued", "partially_paid"]), lt(invoices.dueDate, today));
  } else if (input.status) conditions.push(eq(invoices.status, input.status));
  if (input.customerId) conditions.push(eq(invoices.customerId, input.customerId));
  if (input.from) conditions.push(sql`${invoices.issueDate} >= ${input.from}`);
  if (input.to) conditions.push(sql`${invoices.issueDate} <= ${input.to}`);
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(invoices.number, pattern), ilike(customers.name, pattern))!);
  }
  if (input.cursor) {
    const c = decodeTimeCursor(input.cursor);
    conditions.push(sql`(${invoices.createdAt}, ${invoices.id}) < (${c.t}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select({
      invoice: invoices,
      customerName: customers.name,
      cursorTime: sql<string>`to_char(${invoices.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(invoices)
    .leftJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.businessId, businessId)))
    .where(and(...conditions))
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({ ...toOutput(r.invoice, today), customerName: r.customerName })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorTime, last.invoice.id) : null,
  };
}
