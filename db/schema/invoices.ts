import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type {
  InvoiceDocumentLine,
  InvoiceParty,
  InvoiceTaxSummaryRow,
} from "@/server/domain/invoice-document";
import type { Discount, LineTaxRate } from "@/server/domain/invoice-math";
import { users } from "./auth";
import { businesses } from "./businesses";
import { customers } from "./customers";
import {
  invoiceKinds,
  invoiceStatuses,
  paymentMethods,
  recurringFrequencies,
  recurringStatuses,
} from "./enum-values";

export const invoiceKind = pgEnum("invoice_kind", invoiceKinds);
export const invoiceStatus = pgEnum("invoice_status", invoiceStatuses);
export const paymentMethod = pgEnum("payment_method", paymentMethods);
export const recurringFrequency = pgEnum("recurring_frequency", recurringFrequencies);
export const recurringStatus = pgEnum("recurring_status", recurringStatuses);

/** The catalog: products and services a business sells. Prices in minor units of the business's currency. */
export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    unitPrice: bigint({ mode: "number" }).notNull(),
    /** e.g. "hour", "piece", "session". */
    unit: text(),
    /** Taxes of the product: [{ name: "GST", rateBasisPoints: 1800 }] or named rates (VAT, sales tax). */
    taxes: jsonb().$type<LineTaxRate[]>().notNull().default([]),
    /** HSN (goods) or SAC (services) code. */
    hsnSac: text(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("products_business_id_name_idx").on(t.businessId, t.name),
    uniqueIndex("products_business_id_lower_name_key").on(t.businessId, sql`lower(${t.name})`),
  ],
);

/** How a business bills: its legal details, numbering and defaults. One row per business. */
export const invoiceSettings = pgTable("invoice_settings", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  legalName: text(),
  addressLines: jsonb().$type<string[]>().notNull().default([]),
  gstin: text(),
  /** GST state code of the business (place of supply within it: CGST + SGST). */
  stateCode: char({ length: 2 }),
  invoicePrefix: text().notNull().default("INV"),
  quotePrefix: text().notNull().default("QUO"),
  creditNotePrefix: text().notNull().default("CN"),
  /** First month (1–12) of the fiscal year the numbers restart in; India: April. */
  fiscalYearStartMonth: integer().notNull().default(4),
  /** Default payment terms in days (0 = on receipt). */
  paymentTermsDays: integer().notNull().default(0),
  pricesIncludeTax: boolean().notNull().default(false),
  roundTotals: boolean().notNull().default(false),
  notes: text(),
  terms: text(),
  bankDetails: jsonb().$type<{ label: string; value: string }[]>().notNull().default([]),
  /** UPI id (VPA) customers pay to, e.g. clinic@okhdfcbank. */
  upiVpa: text(),
  template: text().$type<"classic" | "modern">().notNull().default("classic"),
  /** Storage key of the logo printed on documents (PNG or JPEG, at most 512 KB); null for none. */
  logoKey: text(),
  accentColor: text(),
  /** Reminder offsets in days from the due date (−3 = three days before). */
  reminderDays: jsonb().$type<number[]>().notNull().default([-3, 0, 3, 7]),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Gapless numbering: the next number per business, kind and fiscal year. Issuing takes it with
 * `UPDATE … SET next_value = next_value + 1 RETURNING` in the issuing transaction (a row lock), so
 * parallel issues queue, and a rolled-back issue gives its number back.
 */
export const documentSequences = pgTable(
  "document_sequences",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    kind: invoiceKind().notNull(),
    fiscalYear: text().notNull(),
    nextValue: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex("document_sequences_business_id_kind_fiscal_year_key").on(t.businessId, t.kind, t.fiscalYear),
  ],
);

/** Invoices, quotes and credit notes. Money in minor units of `currency`; dates in the business's time zone. */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    kind: invoiceKind().notNull().default("invoice"),
    status: invoiceStatus().notNull().default("draft"),
    /** Given when issued: INV/2026-27/0001. */
    number: text(),
    fiscalYear: text(),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    currency: char({ length: 3 }).notNull(),
    issueDate: date({ mode: "string" }),
    dueDate: date({ mode: "string" }),
    paymentTermsDays: integer().notNull().default(0),
    /** GST place of supply (state code); null outside India. */
    placeOfSupply: char({ length: 2 }),
    pricesIncludeTax: boolean().notNull().default(false),
    roundTotal: boolean().notNull().default(false),
    discount: jsonb().$type<Discount | null>(),
    /** The lines as entered (the editable draft). */
    lineInputs: jsonb().notNull().default([]),
    /** Computed lines, summary and parties: kept as issued, so an issued document never changes. */
    lines: jsonb().$type<InvoiceDocumentLine[]>().notNull().default([]),
    taxSummary: jsonb().$type<InvoiceTaxSummaryRow[]>().notNull().default([]),
    taxTotals: jsonb()
      .$type<{ name: string; rateBasisPoints: number; amount: number }[]>()
      .notNull()
      .default([]),
    seller: jsonb().$type<InvoiceParty>(),
    buyer: jsonb().$type<InvoiceParty>(),
    subtotal: bigint({ mode: "number" }).notNull().default(0),
    discountTotal: bigint({ mode: "number" }).notNull().default(0),
    taxTotal: bigint({ mode: "number" }).notNull().default(0),
    rounding: bigint({ mode: "number" }).notNull().default(0),
    total: bigint({ mode: "number" }).notNull().default(0),
    amountPaid: bigint({ mode: "number" }).notNull().default(0),
    /** What issued credit notes against this invoice take off it (minor units); due = total − paid − credited. */
    amountCredited: bigint({ mode: "number" }).notNull().default(0),
    /** For the public page `/i/{token}`: SHA-256 of the token (the token itself is shown once). */
    publicTokenHash: text(),
    /** The token itself, sealed (server/crypto/secret-box), so the link can be shown and sent again. */
    publicTokenSealed: text(),
    /**
     * Storage key of the cached PDF (`<businessId>/<content hash as a uuid>`): the hash is of what the PDF
     * shows, so any change to the invoice, its payments or the billing settings makes a new one.
     */
    pdfKey: text(),
    /** The recurring profile that generated this invoice, and the date of its period: unique together. */
    recurringInvoiceId: uuid(),
    recurringPeriod: date({ mode: "string" }),
    /** When the document was last emailed to the customer (null: never sent). */
    sentAt: timestamp({ withTimezone: true }),
    /** Reminder offsets (days from the due date) already sent, so each goes out once. */
    remindersSent: jsonb().$type<number[]>().notNull().default([]),
    /** A credit note's invoice. */
    creditNoteFor: uuid(),
    /** The quote an invoice was made from. */
    fromQuoteId: uuid(),
    notes: text(),
    terms: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    issuedAt: timestamp({ withTimezone: true }),
    voidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invoices_business_id_created_at_idx").on(t.businessId, t.createdAt, t.id),
    index("invoices_business_id_status_due_date_idx").on(t.businessId, t.status, t.dueDate),
    index("invoices_business_id_customer_id_idx").on(t.businessId, t.customerId),
    uniqueIndex("invoices_business_id_kind_number_key")
      .on(t.businessId, t.kind, t.number)
      .where(sql`${t.number} is not null`),
    uniqueIndex("invoices_public_token_hash_key").on(t.publicTokenHash),
    uniqueIndex("invoices_recurring_invoice_id_period_key")
      .on(t.recurringInvoiceId, t.recurringPeriod)
      .where(sql`${t.recurringInvoiceId} is not null`),
    index("invoices_reminder_due_idx")
      .on(t.dueDate)
      .where(sql`${t.status} in ('issued', 'partially_paid') and ${t.sentAt} is not null`),
  ],
);

/**
 * A recurring invoice profile: the customer, the lines and the schedule. `nextPeriodIndex` is the next
 * period to bill (periods are numbered from the start date, server/domain/recurring-invoices.ts) and
 * `nextRunOn` its date, null once the profile has ended. Each generated invoice carries the profile and
 * the period's date under a unique index, so a period is billed once whatever retries or doubled runs.
 */
export const recurringInvoices = pgTable(
  "recurring_invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    status: recurringStatus().notNull().default("active"),
    frequency: recurringFrequency().notNull(),
    intervalDays: integer(),
    dayOfMonth: integer(),
    startDate: date({ mode: "string" }).notNull(),
    endAfterCount: integer(),
    endOn: date({ mode: "string" }),
    autoSend: boolean().notNull().default(true),
    currency: char({ length: 3 }).notNull(),
    paymentTermsDays: integer().notNull().default(0),
    pricesIncludeTax: boolean().notNull().default(false),
    discount: jsonb().$type<Discount | null>(),
    lineInputs: jsonb().notNull().default([]),
    notes: text(),
    terms: text(),
    nextPeriodIndex: integer().notNull().default(0),
    nextRunOn: date({ mode: "string" }),
    generatedCount: integer().notNull().default(0),
    skippedCount: integer().notNull().default(0),
    lastInvoiceId: uuid(),
    lastRunAt: timestamp({ withTimezone: true }),
    /** Why the last run could not bill (e.g. the customer was deleted), shown on the profile. */
    lastError: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("recurring_invoices_business_id_created_at_idx").on(t.businessId, t.createdAt, t.id),
    index("recurring_invoices_due_idx").on(t.nextRunOn).where(sql`${t.status} = 'active'`),
  ],
);

/** Payments against an invoice: manual ones, and provider ones idempotent by their payment id. */
export const invoicePayments = pgTable(
  "invoice_payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    amount: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    method: paymentMethod().notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    reference: text(),
    /** "stripe", "razorpay": with `providerPaymentId`, unique, so a replayed event records once. */
    provider: text(),
    providerPaymentId: text(),
    recordedBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invoice_payments_business_id_invoice_id_idx").on(t.businessId, t.invoiceId),
    uniqueIndex("invoice_payments_provider_payment_key")
      .on(t.provider, t.providerPaymentId)
      .where(sql`${t.providerPaymentId} is not null`),
  ],
);

/**
 * What customers bought: one row per order. A paid invoice is one (`invoiceId`, its lines as `items`);
 * imported orders come from a spreadsheet (`orderId`, unique per business, so importing the same file
 * twice adds nothing). Amounts in minor units of `currency`. The customer's totals (customers.total_spent
 * …) are recomputed from these rows in the same transaction.
 */
export const purchases = pgTable(
  "purchases",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    source: text().$type<"invoice" | "import">().notNull(),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "cascade" }),
    /** The order's id in the system it came from (imports). */
    orderId: text(),
    purchasedOn: date({ mode: "string" }).notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    items: jsonb()
      .$type<{ description: string; quantity: string; unit?: string | null; total: number | null }[]>()
      .notNull()
      .default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("purchases_business_id_customer_id_purchased_on_idx").on(t.businessId, t.customerId, t.purchasedOn),
    uniqueIndex("purchases_invoice_id_key").on(t.invoiceId).where(sql`${t.invoiceId} is not null`),
    uniqueIndex("purchases_business_id_order_id_key")
      .on(t.businessId, t.orderId)
      .where(sql`${t.orderId} is not null`),
  ],
);

/**
 * Refunds of online payments through their provider. Written as `pending` before the provider is called
 * (its id is the idempotency key, so a retried call refunds once), then `succeeded` (or still `pending`
 * at the provider) with the provider's refund id, or `failed` with the reason. A refund that went
 * through is matched by a credit note against the invoice (`creditNoteId`).
 */
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    paymentId: uuid()
      .notNull()
      .references(() => invoicePayments.id, { onDelete: "cascade" }),
    amount: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    provider: text().notNull(),
    providerRefundId: text(),
    status: text().$type<"pending" | "succeeded" | "failed">().notNull().default("pending"),
    error: text(),
    reason: text(),
    creditNoteId: uuid(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("payment_refunds_business_id_invoice_id_idx").on(t.businessId, t.invoiceId),
    uniqueIndex("payment_refunds_provider_refund_key")
      .on(t.provider, t.providerRefundId)
      .where(sql`${t.providerRefundId} is not null`),
  ],
);
