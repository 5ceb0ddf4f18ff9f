import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { businesses } from "./businesses";
import { invoices } from "./invoices";

/** An online payment provider a business takes invoice payments through. */
export type PaymentProvider = "stripe" | "razorpay";

/**
 * A business's account with a payment provider: its API keys and webhook secret, sealed
 * (server/crypto/secret-box) and never returned by an API. Stripe: the secret key (`sk_…`, `rk_…`) and
 * the endpoint's signing secret (`whsec_…`). Razorpay: the key id (`rzp_…`, not secret), key secret and
 * webhook secret.
 */
export const paymentAccounts = pgTable(
  "payment_accounts",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    provider: text().$type<PaymentProvider>().notNull(),
    /** Razorpay's key id (public). */
    keyId: text(),
    secretKeySealed: text(),
    webhookSecretSealed: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.provider] })],
);

/**
 * A checkout started from an invoice's public page: a Stripe Checkout Session (`cs_…`) or a Razorpay
 * Payment Link (`plink_…`) for `amount` of `currency`, the amount due when it was made. A webhook finds
 * its invoice (and business) by `providerRef`; a payment of another amount or currency is flagged.
 */
export const paymentCheckouts = pgTable(
  "payment_checkouts",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    provider: text().$type<PaymentProvider>().notNull(),
    providerRef: text().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    url: text().notNull(),
    /** open → paid; or expired. */
    status: text().$type<"open" | "paid" | "expired">().notNull().default("open"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payment_checkouts_provider_ref_key").on(t.provider, t.providerRef),
    index("payment_checkouts_invoice_id_idx").on(t.invoiceId, t.createdAt),
  ],
);

/**
 * Every provider webhook event accepted (signature valid), once: `(provider, event_id)` is unique, so a
 * replayed event is recognised and changes nothing. `outcome` says what it did: `recorded` a payment,
 * `flagged` (amount or currency not the checkout's, or the invoice no longer open: kept for the owner,
 * not marked paid), or `ignored` (an event type we do not act on, or already recorded).
 */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().$type<PaymentProvider>().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    invoiceId: uuid().references(() => invoices.id, { onDelete: "set null" }),
    outcome: text().$type<"recorded" | "flagged" | "ignored">().notNull(),
    /** Why it was flagged or ignored, in words for the owner. */
    detail: text(),
    /** The provider's payment id (`pi_…`, `pay_…`), amount (minor units) and currency, as sent. */
    providerPaymentId: text(),
    amount: bigint({ mode: "number" }),
    currency: text(),
    payload: jsonb().$type<Record<string, unknown>>(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payment_events_provider_event_id_key").on(t.provider, t.eventId),
    index("payment_events_business_id_received_at_idx")
      .on(t.businessId, t.receivedAt)
      .where(sql`${t.businessId} is not null`),
  ],
);
