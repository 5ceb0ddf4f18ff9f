import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, invoices } from "@/db/schema";
import { amountInWords } from "@/server/domain/amount-in-words";
import { gstStates } from "@/server/domain/gst";
import type { InvoiceDocument } from "@/server/domain/invoice-document";
import { currencyExponent } from "@/server/domain/money";
import { type InvoiceRow, invoiceRow, publicUrlOf, todayIn, toOutput } from "./documents";
import { getInvoiceSettings, invoiceLogo } from "./settings";

/**
 * The `InvoiceDocument` of a document of the business, as its PDF, public page and email show it: the
 * issued snapshot (seller, buyer, lines, taxes), amounts paid and due, the amount in words, bank details,
 * and a UPI payment link (`upi://pay?pa=…&pn=…&am=…&cu=INR&tn=…`, NPCI's UPI linking specification) when
 * the business has a UPI id and the invoice is in rupees with something due. Errors: NOT_FOUND.
 */
export async function invoiceDocument(
  db: DbOrTx,
  businessId: string,
  invoiceId: string,
): Promise<InvoiceDocument> {
  return documentOfRow(db, await invoiceRow(db, businessId, invoiceId));
}

/**
 * The `InvoiceDocument` of a loaded document row (as `invoiceDocument`), with `payUrl` set to the public
 * page when the row has a link.
 */
export async function documentOfRow(db: DbOrTx, row: InvoiceRow): Promise<InvoiceDocument> {
  const businessId = row.businessId;
  const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  const settings = await getInvoiceSettings(db, businessId);
  const out = toOutput(row, todayIn(business?.timeZone ?? "UTC"));
  const seller = row.seller ?? {
    name: settings.legalName || business?.name || "",
    addressLines: settings.addressLines,
    taxId: settings.gstin,
    taxIdLabel: settings.gstin ? "GSTIN" : null,
  };
  const number = row.number;
  const [reference] = row.creditNoteFor
    ? await db
        .select({ number: invoices.number })
        .from(invoices)
        .where(and(eq(invoices.businessId, businessId), eq(invoices.id, row.creditNoteFor)))
        .limit(1)
    : [];
  const upi =
    settings.upiVpa && row.currency === "INR" && out.amountDue > 0 && row.kind === "invoice"
      ? {
          vpa: settings.upiVpa,
          uri: `upi://pay?${new URLSearchParams({
            pa: settings.upiVpa,
            pn: seller.name,
            am: (out.amountDue / 10 ** currencyExponent("INR")).toFixed(2),
            cu: "INR",
            ...(number ? { tn: number } : {}),
          }).toString()}`,
        }
      : null;
  return {
    kind: row.kind,
    number,
    status: out.overdue ? "overdue" : row.status,
    locale: business?.country === "IN" ? "en-IN" : "en-US",
    currency: row.currency,
    issueDate: row.issueDate ?? todayIn(business?.timeZone ?? "UTC"),
    dueDate: row.dueDate,
    referenceNumber: reference?.number ?? null,
    placeOfSupply: row.placeOfSupply
      ? { code: row.placeOfSupply, name: gstStates[row.placeOfSupply] ?? "" }
      : null,
    seller,
    buyer: row.buyer ?? { name: "", addressLines: [] },
    lines: row.lines,
    subtotal: row.subtotal,
    discount: row.discountTotal,
    taxTotals: row.taxTotals,
    rounding: row.rounding,
    total: row.total,
    amountPaid: row.amountPaid,
    amountDue: out.amountDue,
    amountInWords: amountInWords(row.total, row.currency),
    taxSummary: row.taxSummary,
    notes: row.notes,
    terms: row.terms,
    bankDetails: settings.bankDetails.length ? settings.bankDetails : null,
    upi,
    payUrl: publicUrlOf(row),
    logo: settings.logoKey
      ? { key: settings.logoKey, format: (await invoiceLogo(settings.logoKey))?.format ?? "png" }
      : null,
    template: settings.template,
    accentColor: settings.accentColor,
  };
}
