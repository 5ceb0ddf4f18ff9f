import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { businesses, customers, documentSequences, invoices } from "@/db/schema";
import { sealSecret, tokenHash } from "@/server/crypto/secret-box";
import { documentNumber, dueDateOf, fiscalYearLabel } from "@/server/domain/fiscal-year";
import { gstStates } from "@/server/domain/gst";
import type { InvoiceParty } from "@/server/domain/invoice-document";
import type { LineInput } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { applyCreditNote } from "./credit-notes";
import { computed, type InvoiceOutput, type InvoiceRow, invoiceRow, todayIn, toOutput } from "./documents";
import { getInvoiceSettings, type InvoiceSettings } from "./settings";

type Actor = { businessId: string; userId: string | null };

const prefixOf = (s: InvoiceSettings, kind: string) =>
  kind === "quote" ? s.quotePrefix : kind === "credit_note" ? s.creditNotePrefix : s.invoicePrefix;

/** The GST state code whose name is `state` (case-insensitive), or null. */
function stateCodeOf(state: string | null | undefined): string | null {
  if (!state) return null;
  const wanted = state.trim().toLowerCase();
  return Object.entries(gstStates).find(([, name]) => name.toLowerCase() === wanted)?.[0] ?? null;
}

/**
 * The next number of a kind in a fiscal year, taken in the caller's transaction: an upsert that locks the
 * sequence row until the transaction ends, so parallel issues queue and get consecutive numbers, and a
 * rolled-back issue leaves no gap. With `count`, a block of that many consecutive numbers is taken at once.
 * Output: the (first) sequence number (1, 2, …).
 */
export async function nextSequence(
  tx: DbOrTx,
  businessId: string,
  kind: string,
  fiscalYear: string,
  count = 1,
): Promise<number> {
  const [row] = await execRows<{ n: number }>(
    tx,
    sql`insert into ${documentSequences} (business_id, kind, fiscal_year, next_value)
        values (${businessId}, ${kind}::invoice_kind, ${fiscalYear}, ${count + 1})
        on conflict (business_id, kind, fiscal_year)
        do update set next_value = ${documentSequences}.next_value + ${count}
        returning next_value - ${count} as n`,
  );
  return Number(row!.n);
}

/**
 * Issues a draft: it gets the next number of its kind in the fiscal year of its issue date (gapless and
 * unique under concurrency), its due date from its terms, snapshots of the seller (billing settings) and
 * the buyer (the customer), its place of supply (given, else the customer's state, else the seller's) and
 * an unguessable public token for `/i/{token}` (returned once; only its hash is kept). The customer's
 * timeline records it. Output: the document and `publicToken`.
 * Errors: NOT_FOUND; CONFLICT unless it is a draft; VALIDATION without lines, or an invoice without a
 * customer.
 */
export async function issueInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
): Promise<InvoiceOutput & { publicToken: string }> {
  const [business] = await db.select().from(businesses).where(eq(businesses.id, actor.businessId)).limit(1);
  if (!business) throw new AppError("NOT_FOUND", "No such business.");
  const settings = await getInvoiceSettings(db, actor.businessId);
  const token = newPublicToken();
  const issued = await db.transaction(async (tx) => {
    const row = await invoiceRow(tx, actor.businessId, invoiceId, true);
    return issueRow(tx, { business, settings }, row, actor.userId, token);
  });
  return { ...toOutput(issued, todayIn(business.timeZone)), publicToken: token };
}

/** A new token for an invoice's public page `/i/{token}`: 24 random bytes, base64url (192 bits). */
export function newPublicToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The fiscal year label of a document issued on `issueDate` (`YYYY-MM-DD`) under the business's settings. */
export function fiscalYearOf(settings: InvoiceSettings, issueDate: string): string {
  return fiscalYearLabel(new Date(`${issueDate}T12:00:00Z`), "UTC", settings.fiscalYearStartMonth);
}

/** The party billed: the customer's name (and company), address, state and GSTIN (custom field `gstin`). */
export function buyerParty(customer: typeof customers.$inferSelect | null): InvoiceParty {
  if (!customer) return { name: "", addressLines: [] };
  const buyerGstin = customer.customFields?.gstin;
  const state = stateCodeOf(customer.state);
  return {
    name: customer.company ? `${customer.name} (${customer.company})` : customer.name,
    addressLines: [
      customer.addressLine1,
      customer.addressLine2,
      [customer.city, customer.postalCode].filter(Boolean).join(" "),
      customer.state,
    ].filter((l): l is string => !!l),
    taxId: typeof buyerGstin === "string" ? buyerGstin : null,
    taxIdLabel: typeof buyerGstin === "string" ? "GSTIN" : null,
    state: state ? { code: state, name: gstStates[state]! } : null,
    email: customer.email,
    phone: customer.phone,
  };
}

/**
 * The columns an issued document gets (pure): status, its number (`n` in `fiscalYear`), issue and due
 * dates, place of supply (given, else the customer's state, else the seller's; GST businesses only), the
 * seller and buyer snapshots, the totals computed for that place of supply, and the public token's hash
 * and sealed copy.
 */
export function issuedFields(
  { business, settings }: IssueContext,
  row: Pick<
    InvoiceRow,
    | "kind"
    | "issueDate"
    | "placeOfSupply"
    | "paymentTermsDays"
    | "lineInputs"
    | "currency"
    | "pricesIncludeTax"
    | "roundTotal"
    | "discount"
    | "amountPaid"
  > & { issueDate: string },
  customer: typeof customers.$inferSelect | null,
  fiscalYear: string,
  n: number,
  token: string,
) {
  const placeOfSupply = settings.stateCode
    ? (row.placeOfSupply ?? stateCodeOf(customer?.state) ?? settings.stateCode)
    : null;
  const c = computed(
    { ...row, placeOfSupply },
    row.lineInputs as LineInput[],
    placeOfSupply ? settings.stateCode : null,
  );
  const seller: InvoiceParty = {
    name: settings.legalName || business.name,
    addressLines: settings.addressLines,
    taxId: settings.gstin,
    taxIdLabel: settings.gstin ? "GSTIN" : null,
    state: settings.stateCode
      ? { code: settings.stateCode, name: gstStates[settings.stateCode] ?? "" }
      : null,
    phone: business.phone,
  };
  const now = new Date();
  return {
    status: "issued" as const,
    number: documentNumber(prefixOf(settings, row.kind), fiscalYear, n),
    fiscalYear,
    issueDate: row.issueDate,
    dueDate: dueDateOf(
      row.issueDate,
      row.paymentTermsDays > 0 ? { kind: "net", days: row.paymentTermsDays } : { kind: "on_receipt" },
    ),
    placeOfSupply,
    seller,
    buyer: buyerParty(customer),
    ...c,
    publicTokenHash: tokenHash(token),
    publicTokenSealed: sealSecret(token),
    issuedAt: now,
    updatedAt: now,
  };
}

/** What issuing reads of the business once (a batch issuing many documents reads it once). */
export interface IssueContext {
  business: typeof businesses.$inferSelect;
  settings: InvoiceSettings;
}

/**
 * `issueInvoice`'s work inside the caller's transaction, for a draft row read there with a lock.
 * Output: the issued row. Errors: CONFLICT unless it is a draft; VALIDATION without lines, or an invoice
 * without a customer.
 */
export async function issueRow(
  tx: DbOrTx,
  { business, settings }: IssueContext,
  row: InvoiceRow,
  userId: string | null,
  token: string,
): Promise<InvoiceRow> {
  const actor = { businessId: business.id, userId };
  const invoiceId = row.id;
  if (row.status !== "draft") throw new AppError("CONFLICT", "This document is already issued.");
  const lineInputs = row.lineInputs as LineInput[];
  if (lineInputs.length === 0)
    throw new AppError("VALIDATION", "Add at least one line before issuing.", { lines: "Add a line." });
  if (row.kind === "invoice" && !row.customerId)
    throw new AppError("VALIDATION", "Choose the customer this invoice is for.", {
      customerId: "Choose a customer.",
    });
  const [customer] = row.customerId
    ? await tx
        .select()
        .from(customers)
        .where(and(eq(customers.businessId, actor.businessId), eq(customers.id, row.customerId)))
        .limit(1)
    : [];
  const issueDate = row.issueDate ?? todayIn(business.timeZone);
  const fiscalYear = fiscalYearOf(settings, issueDate);
  const n = await nextSequence(tx, actor.businessId, row.kind, fiscalYear);
  const fields = issuedFields(
    { business, settings },
    { ...row, issueDate },
    customer ?? null,
    fiscalYear,
    n,
    token,
  );
  if (row.kind === "credit_note" && row.creditNoteFor) await applyCreditNote(tx, row, fields.total);
  const [updated] = await tx
    .update(invoices)
    .set(fields)
    .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.id, invoiceId)))
    .returning();
  if (row.customerId)
    await recordActivities(tx, [
      {
        businessId: actor.businessId,
        customerId: row.customerId,
        type: "invoice_issued",
        actorUserId: actor.userId,
        data: {
          invoiceId,
          kind: row.kind,
          number: updated!.number,
          total: updated!.total,
          currency: row.currency,
        },
      },
    ]);
  return updated!;
}

/**
 * Voids an issued document (it keeps its number; the numbering has no gap). A document with payments is
 * refunded first. Errors: NOT_FOUND; CONFLICT for a draft (delete it), a void one or one with payments.
 */
export async function voidInvoice(db: Db, actor: Actor, invoiceId: string): Promise<InvoiceOutput> {
  const [business] = await db
    .select({ timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, actor.businessId))
    .limit(1);
  const row = await db.transaction(async (tx) => {
    const current = await invoiceRow(tx, actor.businessId, invoiceId, true);
    if (current.status === "draft") throw new AppError("CONFLICT", "A draft is deleted, not voided.");
    if (current.status === "void") throw new AppError("CONFLICT", "This document is already void.");
    if (current.amountCredited > 0)
      throw new AppError("CONFLICT", "Credit notes were issued against this invoice: it cannot be voided.");
    if (current.amountPaid > 0)
      throw new AppError(
        "CONFLICT",
        "This invoice has payments: refund them or issue a credit note instead.",
      );
    const [updated] = await tx
      .update(invoices)
      .set({ status: "void", voidedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.id, invoiceId)))
      .returning();
    return updated!;
  });
  return toOutput(row, todayIn(business?.timeZone ?? "UTC"));
}

/** The business and document a public token opens, or null (unknown token, or a draft). */
export async function findInvoiceByPublicToken(
  db: DbOrTx,
  token: string,
): Promise<{ businessId: string; invoiceId: string } | null> {
  if (!/^[\w-]{20,64}$/.test(token)) return null;
  const [row] = await db
    .select({ businessId: invoices.businessId, invoiceId: invoices.id, status: invoices.status })
    .from(invoices)
    .where(eq(invoices.publicTokenHash, tokenHash(token)))
    .limit(1);
  return row && row.status !== "draft" ? { businessId: row.businessId, invoiceId: row.invoiceId } : null;
}

/**
 * Turns a sent quote into a draft invoice for the same customer, with its lines, discount, tax basis,
 * notes and terms (`fromQuoteId` keeps the link), and marks the quote accepted. Output: the draft.
 * Errors: NOT_FOUND; CONFLICT unless it is a quote that was sent (or accepted before: a second invoice
 * from the same quote is refused too).
 */
export async function convertQuote(db: Db, actor: Actor, quoteId: string): Promise<InvoiceOutput> {
  const [business] = await db
    .select({ timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, actor.businessId))
    .limit(1);
  const created = await db.transaction(async (tx) => {
    const quote = await invoiceRow(tx, actor.businessId, quoteId, true);
    if (quote.kind !== "quote") throw new AppError("CONFLICT", "Only a quote becomes an invoice.");
    if (quote.status !== "issued")
      throw new AppError(
        "CONFLICT",
        quote.status === "accepted"
          ? "This quote was already made into an invoice."
          : "Send the quote first.",
      );
    const [draft] = await tx
      .insert(invoices)
      .values({
        businessId: actor.businessId,
        kind: "invoice",
        customerId: quote.customerId,
        currency: quote.currency,
        paymentTermsDays: quote.paymentTermsDays,
        placeOfSupply: quote.placeOfSupply,
        pricesIncludeTax: quote.pricesIncludeTax,
        roundTotal: quote.roundTotal,
        discount: quote.discount,
        lineInputs: quote.lineInputs,
        lines: quote.lines,
        taxSummary: quote.taxSummary,
        taxTotals: quote.taxTotals,
        subtotal: quote.subtotal,
        discountTotal: quote.discountTotal,
        taxTotal: quote.taxTotal,
        rounding: quote.rounding,
        total: quote.total,
        notes: quote.notes,
        terms: quote.terms,
        fromQuoteId: quote.id,
        createdBy: actor.userId,
      })
      .returning();
    await tx
      .update(invoices)
      .set({ status: "accepted", updatedAt: new Date() })
      .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.id, quote.id)));
    return draft!;
  });
  return toOutput(created, todayIn(business?.timeZone ?? "UTC"));
}
