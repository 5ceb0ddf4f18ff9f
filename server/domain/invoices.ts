import { z } from "zod";
import { invoiceKinds, invoiceStatuses, paymentMethods } from "@/db/schema/enum-values";
import { gstinProblem, gstStateCodes } from "./gst";

/**
 * Contracts of the catalog and of billing documents (invoices, quotes, credit notes): shared by the
 * procedures, REST v1 and the forms. Money is integer minor units; rates are basis points (1800 = 18%);
 * dates are `YYYY-MM-DD` in the business's time zone.
 */

export const invoiceKindSchema = z.enum(invoiceKinds);
export const invoiceStatusSchema = z.enum(invoiceStatuses);
export const paymentMethodSchema = z.enum(paymentMethods);

/** Largest unit price (minor units) and quantity a line takes: far above any real bill, far below overflow. */
export const INVOICE_LIMITS = { unitPrice: 1_000_000_000, quantity: 1_000_000, lines: 200 } as const;

const isoDate = z.string().regex(/^\d{4}-\d\d-\d\d$/, "Use a date like 2026-12-31.");

export const discountSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("percent"),
    basisPoints: z.number().int().min(0).max(10_000, "A discount cannot be over 100%."),
  }),
  z.object({ kind: z.literal("amount"), amount: z.number().int().min(0, "A discount cannot be negative.") }),
]);

export const taxRateSchema = z.object({
  name: z.string().trim().min(1).max(40),
  rateBasisPoints: z
    .number()
    .int()
    .min(0, "A tax rate cannot be negative.")
    .max(10_000, "A tax rate cannot be over 100%."),
});

export const lineInputSchema = z.object({
  productId: z.uuid().nullish(),
  description: z.string().trim().min(1, "Describe the line.").max(500),
  hsnSac: z
    .string()
    .trim()
    .regex(/^\d{4,8}$/, "An HSN or SAC code has 4 to 8 digits.")
    .nullish(),
  quantity: z
    .string()
    .trim()
    .regex(/^\d{1,7}(\.\d{1,3})?$/, "Use a quantity like 1, 2.5 or 0.125.")
    .refine((q) => Number(q) > 0, "The quantity must be more than 0.")
    .refine((q) => Number(q) <= INVOICE_LIMITS.quantity, "That quantity is too large."),
  unit: z.string().trim().max(20).nullish(),
  unitPrice: z
    .number()
    .int("Prices are whole minor units (paise, cents).")
    .min(0, "A price cannot be negative.")
    .max(INVOICE_LIMITS.unitPrice, "That price is too large."),
  discount: discountSchema.nullish(),
  taxes: z.array(taxRateSchema).max(2, "At most two taxes per line.").default([]),
});
export type LineInput = z.output<typeof lineInputSchema>;

const stateCode = z.enum(gstStateCodes, { error: "Choose an Indian state." });

const documentFields = {
  customerId: z.uuid().nullish(),
  /** ISO 4217; must be the business's currency. */
  currency: z.string().length(3).toUpperCase().optional(),
  issueDate: isoDate.nullish(),
  /** Days after the issue date the document is due (0 = on receipt). */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  placeOfSupply: stateCode.nullish(),
  pricesIncludeTax: z.boolean().optional(),
  roundTotal: z.boolean().optional(),
  discount: discountSchema.nullish(),
  lines: z.array(lineInputSchema).max(INVOICE_LIMITS.lines).optional(),
  notes: z.string().max(5_000).nullish(),
  terms: z.string().max(5_000).nullish(),
};

export const createInvoiceInput = z.object({ kind: invoiceKindSchema.default("invoice"), ...documentFields });
export type CreateInvoiceInput = z.output<typeof createInvoiceInput>;

export const invoiceIdInput = z.object({ invoiceId: z.uuid() });

export const updateInvoiceInput = z.object({ invoiceId: z.uuid(), ...documentFields });
export type UpdateInvoiceInput = z.output<typeof updateInvoiceInput>;

export const listInvoicesInput = z.object({
  kind: invoiceKindSchema.optional(),
  /** `overdue`: issued or partially paid, past the due date. */
  status: z.enum([...invoiceStatuses, "overdue"]).optional(),
  customerId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  search: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type ListInvoicesInput = z.output<typeof listInvoicesInput>;

export const sendInvoiceInput = z.object({
  invoiceId: z.uuid(),
  /** The recipient; default the customer's email. */
  to: z.email("Enter a valid email address.").nullish(),
  /** A note above the invoice's summary in the email. */
  message: z.string().trim().max(2_000).nullish(),
});

export const createCreditNoteInput = z.object({
  invoiceId: z.uuid(),
  /** The lines to credit; default all of the invoice's (cancelling it). */
  lines: z.array(lineInputSchema).min(1).max(INVOICE_LIMITS.lines).nullish(),
  notes: z.string().max(5_000).nullish(),
});

export const recordPaymentInput = z.object({
  invoiceId: z.uuid(),
  amount: z.number().int().min(1, "A payment is more than 0."),
  currency: z.string().length(3).toUpperCase().optional(),
  method: paymentMethodSchema.exclude(["stripe", "razorpay"]),
  paidOn: isoDate.optional(),
  reference: z.string().trim().max(200).nullish(),
});
export type RecordPaymentInput = z.output<typeof recordPaymentInput>;

export const productInput = z.object({
  name: z.string().trim().min(1, "Name the product or service.").max(200),
  description: z.string().trim().max(2_000).nullish(),
  unitPrice: lineInputSchema.shape.unitPrice,
  unit: z.string().trim().max(20).nullish(),
  taxes: z.array(taxRateSchema).max(2).default([]),
  hsnSac: lineInputSchema.shape.hsnSac,
});
export type ProductInput = z.output<typeof productInput>;
export const updateProductInput = productInput.partial().extend({
  productId: z.uuid(),
  archived: z.boolean().optional(),
});
export type UpdateProductInput = z.output<typeof updateProductInput>;
export const productIdInput = z.object({ productId: z.uuid() });
export const listProductsInput = z.object({
  search: z.string().trim().max(100).optional(),
  archived: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

const gstin = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((g, ctx) => {
    const problem = gstinProblem(g);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const invoiceSettingsInput = z.object({
  legalName: z.string().trim().max(200).nullish(),
  addressLines: z.array(z.string().trim().max(200)).max(6).optional(),
  gstin: gstin.nullish(),
  stateCode: stateCode.nullish(),
  invoicePrefix: z
    .string()
    .trim()
    .max(12)
    .regex(/^[A-Za-z0-9-]*$/, "Letters, digits and - only.")
    .optional(),
  quotePrefix: z
    .string()
    .trim()
    .max(12)
    .regex(/^[A-Za-z0-9-]*$/, "Letters, digits and - only.")
    .optional(),
  creditNotePrefix: z
    .string()
    .trim()
    .max(12)
    .regex(/^[A-Za-z0-9-]*$/, "Letters, digits and - only.")
    .optional(),
  fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  pricesIncludeTax: z.boolean().optional(),
  roundTotals: z.boolean().optional(),
  notes: z.string().max(5_000).nullish(),
  terms: z.string().max(5_000).nullish(),
  bankDetails: z
    .array(z.object({ label: z.string().trim().min(1).max(60), value: z.string().trim().min(1).max(200) }))
    .max(8)
    .optional(),
  upiVpa: z
    .string()
    .trim()
    .regex(/^[\w.-]{2,256}@[a-zA-Z][a-zA-Z0-9.-]{1,63}$/, "A UPI id looks like name@bank.")
    .nullish(),
  template: z.enum(["classic", "modern"]).optional(),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.")
    .nullish(),
  reminderDays: z.array(z.number().int().min(-60).max(365)).max(8).optional(),
});
export type InvoiceSettingsInput = z.output<typeof invoiceSettingsInput>;

const taxAmount = z.object({ name: z.string(), rateBasisPoints: z.number(), amount: z.number().int() });
const party = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  taxId: z.string().nullish(),
  taxIdLabel: z.string().nullish(),
  state: z.object({ name: z.string(), code: z.string() }).nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

/** A document as the API gives it. `overdue` is derived from the due date; `amountDue` = total − paid. */
export const invoiceOutput = z.object({
  id: z.uuid(),
  businessId: z.uuid(),
  kind: invoiceKindSchema,
  status: invoiceStatusSchema,
  number: z.string().nullable(),
  fiscalYear: z.string().nullable(),
  customerId: z.uuid().nullable(),
  currency: z.string(),
  issueDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  paymentTermsDays: z.number().int(),
  placeOfSupply: z.string().nullable(),
  pricesIncludeTax: z.boolean(),
  roundTotal: z.boolean(),
  discount: discountSchema.nullable(),
  lineInputs: z.array(lineInputSchema),
  lines: z.array(
    z.object({
      position: z.number().int(),
      description: z.string(),
      hsnSac: z.string().nullish(),
      quantity: z.string(),
      unit: z.string().nullish(),
      unitPrice: z.number().int(),
      discount: z.number().int(),
      taxableAmount: z.number().int(),
      taxes: z.array(taxAmount),
      total: z.number().int(),
    }),
  ),
  taxSummary: z.array(
    z.object({
      hsnSac: z.string().nullish(),
      taxableAmount: z.number().int(),
      taxes: z.array(taxAmount),
      totalTax: z.number().int(),
    }),
  ),
  taxTotals: z.array(taxAmount),
  seller: party.nullable(),
  buyer: party.nullable(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  taxTotal: z.number().int(),
  rounding: z.number().int(),
  total: z.number().int(),
  amountPaid: z.number().int(),
  /** Taken off by issued credit notes against this invoice. */
  amountCredited: z.number().int(),
  amountDue: z.number().int(),
  overdue: z.boolean(),
  creditNoteFor: z.uuid().nullable(),
  fromQuoteId: z.uuid().nullable(),
  /** The recurring profile that made it, and its period's date. */
  recurringInvoiceId: z.uuid().nullable(),
  recurringPeriod: z.string().nullable(),
  /** When it was last emailed to the customer; null if never. */
  sentAt: z.date().nullable(),
  /** Reminder offsets (days from the due date) already sent. */
  remindersSent: z.array(z.number().int()),
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  createdBy: z.string().nullable(),
  issuedAt: z.date().nullable(),
  voidedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const productOutput = z.object({
  id: z.uuid(),
  businessId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  unitPrice: z.number().int(),
  unit: z.string().nullable(),
  taxes: z.array(taxRateSchema),
  hsnSac: z.string().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const paymentOutput = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  amount: z.number().int(),
  currency: z.string(),
  method: paymentMethodSchema,
  paidOn: z.string(),
  reference: z.string().nullable(),
  provider: z.string().nullable(),
  createdAt: z.date(),
});

/** A customer's purchases (lines of paid invoices) and what they add up to; money in minor units. */
export const customerPurchasesOutput = z.object({
  currency: z.string(),
  totalSpent: z.number().int(),
  orders: z.number().int(),
  averageOrderValue: z.number().int(),
  firstPurchaseOn: z.string().nullable(),
  lastPurchaseOn: z.string().nullable(),
  data: z.array(
    z.object({
      /** The paid invoice it came from; null for an imported order. */
      invoiceId: z.uuid().nullable(),
      /** The invoice number, or the imported order's id. */
      invoiceNumber: z.string(),
      /** The imported order's id; null for an invoice. */
      orderId: z.string().nullable(),
      purchasedOn: z.string(),
      description: z.string(),
      quantity: z.string(),
      unit: z.string().nullable(),
      /** The item's amount; null when an imported order gave only its total. */
      total: z.number().int().nullable(),
      currency: z.string(),
    }),
  ),
});
export type CustomerPurchases = z.output<typeof customerPurchasesOutput>;
export const customerPurchasesInput = z.object({
  customerId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
