/**
 * What an invoice, quote or credit note shows, ready to lay out: the one shape the PDF templates, the
 * public invoice page and the email render from. Pure data, no database rows: the invoices service
 * builds it from an issued (or draft) document; the renderers never compute money themselves.
 *
 * Money is integer minor units of `currency` (ISO 4217; paise for INR, cents for USD). Dates are
 * `YYYY-MM-DD` in the business's time zone. Percentages are basis points (1800 = 18%).
 */
export type InvoiceDocumentKind = "invoice" | "quote" | "credit_note";

export interface InvoiceParty {
  name: string;
  /** Lines of the postal address, already ordered for printing. */
  addressLines: string[];
  /** GSTIN (15 characters) for Indian parties, or another tax id. */
  taxId?: string | null;
  /** A label for `taxId`, e.g. "GSTIN" or "VAT". */
  taxIdLabel?: string | null;
  /** Indian state name and its two-digit GST state code, e.g. { name: "Karnataka", code: "29" }. */
  state?: { name: string; code: string } | null;
  email?: string | null;
  /** E.164 */
  phone?: string | null;
}

export interface InvoiceDocumentLine {
  position: number;
  description: string;
  /** HSN (goods) or SAC (services) code for GST. */
  hsnSac?: string | null;
  /** Quantity as a decimal string, e.g. "2" or "1.5", printed as given. */
  quantity: string;
  unit?: string | null;
  unitPrice: number;
  /** The line's discount in minor units (already resolved from % or amount). */
  discount: number;
  /** Taxable value of the line after discounts. */
  taxableAmount: number;
  /** Each tax on the line, e.g. CGST 9% + SGST 9%, or IGST 18%, or VAT 20%. */
  taxes: { name: string; rateBasisPoints: number; amount: number }[];
  /** Taxable amount plus taxes. */
  total: number;
}

export interface InvoiceTaxSummaryRow {
  /** HSN/SAC code, or null when the business does not use them. */
  hsnSac?: string | null;
  taxableAmount: number;
  taxes: { name: string; rateBasisPoints: number; amount: number }[];
  totalTax: number;
}

export interface InvoiceDocument {
  kind: InvoiceDocumentKind;
  /** "INV/2026-27/0001"; null for a draft. */
  number: string | null;
  status:
    | "draft"
    | "issued"
    | "partially_paid"
    | "paid"
    | "overdue"
    | "void"
    | "accepted"
    | "declined"
    | "expired";
  /** BCP 47 locale for dates and numbers, e.g. "en-IN". */
  locale: string;
  currency: string;
  issueDate: string;
  dueDate?: string | null;
  /** For a credit note: the invoice it reduces. */
  referenceNumber?: string | null;
  /** Place of supply for GST: state name and code. */
  placeOfSupply?: { name: string; code: string } | null;
  seller: InvoiceParty & { logoUrl?: string | null; website?: string | null };
  /** The business's logo (its storage key names the content), printed in the header. */
  logo?: { key: string; format: "png" | "jpg" } | null;
  buyer: InvoiceParty;
  lines: InvoiceDocumentLine[];
  /** Sum of line taxable amounts before the document-level discount. */
  subtotal: number;
  /** Document-level discount in minor units. */
  discount: number;
  /** Tax totals per tax name and rate, e.g. CGST 9%: 13500. */
  taxTotals: { name: string; rateBasisPoints: number; amount: number }[];
  /** Rounding adjustment to whole units when the business rounds totals (may be negative). */
  rounding: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  /** "Rupees One Thousand Seven Hundred Seventy Only" (Indian numbering for INR). */
  amountInWords: string;
  taxSummary: InvoiceTaxSummaryRow[];
  notes?: string | null;
  terms?: string | null;
  /** Bank transfer details, printed as label/value pairs. */
  bankDetails?: { label: string; value: string }[] | null;
  /** UPI payment: the `upi://pay?...` link the QR code encodes, and the payee VPA shown beside it. */
  upi?: { uri: string; vpa: string } | null;
  /** The public page where the customer can pay online. */
  payUrl?: string | null;
  template: "classic" | "modern";
  /** Accent colour, #rrggbb. */
  accentColor?: string | null;
}
