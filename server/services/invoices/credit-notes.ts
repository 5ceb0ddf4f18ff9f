import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { invoices } from "@/db/schema";
import type { CreateInvoiceInput, LineInput } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";
import { recordInvoicePurchase } from "@/server/services/purchases/totals";
import { createDraft, type InvoiceOutput, type InvoiceRow, invoiceRow } from "./documents";

type Actor = { businessId: string; userId: string | null };

/**
 * Takes an issued credit note's total off the invoice it is for, in the issuing transaction (the invoice
 * row locked): `amount_credited` goes up, and an invoice left with nothing due is paid (a paid invoice's
 * purchase is lowered to what the customer kept, or removed when all was credited). Source: a credit note
 * under section 34 of the CGST Act reduces the taxable value of the invoice it names.
 * Errors: CONFLICT when the invoice is not issued (a draft, void, or gone); VALIDATION (field `lines`)
 * when the credit note is for more than is left to credit on it.
 */
export async function applyCreditNote(tx: DbOrTx, note: InvoiceRow, creditTotal: number): Promise<void> {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.businessId, note.businessId), eq(invoices.id, note.creditNoteFor!)))
    .for("update")
    .limit(1);
  if (invoice?.kind !== "invoice" || !["issued", "partially_paid", "paid"].includes(invoice.status))
    throw new AppError("CONFLICT", "The invoice this credit note is for is not an issued invoice.");
  const creditable = invoice.total - invoice.amountCredited;
  if (creditTotal > creditable)
    throw new AppError(
      "VALIDATION",
      `This credit note is for more than is left to credit on ${invoice.number}.`,
      {
        lines: `At most ${creditable} (minor units) is left to credit on ${invoice.number}.`,
      },
    );
  const credited = invoice.amountCredited + creditTotal;
  const status =
    invoice.status === "paid" || invoice.amountPaid + credited >= invoice.total
      ? "paid"
      : invoice.amountPaid > 0
        ? "partially_paid"
        : "issued";
  const [updated] = await tx
    .update(invoices)
    .set({ amountCredited: credited, status, updatedAt: new Date() })
    .where(eq(invoices.id, invoice.id))
    .returning();
  await recordInvoicePurchase(tx, updated!);
}

/**
 * Drafts a credit note against an issued invoice: the same customer, place of supply and tax basis, and
 * the invoice's lines (to cancel it whole) unless `lines` are given (to reduce it); `creditNoteFor` links
 * them. Issuing it takes its total off the invoice. Output: the draft.
 * Errors: NOT_FOUND; CONFLICT unless it is an issued, partly paid or paid invoice with something left to
 * credit.
 */
export async function createCreditNote(
  db: Db,
  actor: Actor,
  invoiceId: string,
  input: { lines?: LineInput[] | null; notes?: string | null; pricesIncludeTax?: boolean } = {},
): Promise<InvoiceOutput> {
  return db.transaction(async (tx) => {
    const invoice = await invoiceRow(tx, actor.businessId, invoiceId);
    if (invoice.kind !== "invoice" || !["issued", "partially_paid", "paid"].includes(invoice.status))
      throw new AppError("CONFLICT", "Credit notes are made against issued invoices.");
    if (invoice.total - invoice.amountCredited <= 0)
      throw new AppError("CONFLICT", "All of this invoice is already credited.");
    const draft = await createDraft(tx, actor, {
      kind: "credit_note",
      customerId: invoice.customerId,
      placeOfSupply: invoice.placeOfSupply as CreateInvoiceInput["placeOfSupply"],
      pricesIncludeTax: input.pricesIncludeTax ?? invoice.pricesIncludeTax,
      roundTotal: input.lines ? false : invoice.roundTotal,
      discount: input.lines ? null : invoice.discount,
      lines: input.lines ?? (invoice.lineInputs as LineInput[]),
      notes: input.notes ?? `Credit note against invoice ${invoice.number}.`,
    });
    const [linked] = await tx
      .update(invoices)
      .set({ creditNoteFor: invoice.id })
      .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.id, draft.id)))
      .returning();
    return { ...draft, creditNoteFor: linked!.creditNoteFor };
  });
}
