import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { businesses, customers, purchases } from "@/db/schema";
import { currencyExponent, parseMoney } from "@/server/domain/money";
import {
  MAX_PURCHASE_IMPORT_ROWS,
  type PurchaseImportTarget,
  parseItems,
  purchaseImportTargets,
  suggestPurchaseMapping,
} from "@/server/domain/purchase-import";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { dateOrderFor, isoDateOf, parseDateText } from "@/server/services/imports/dates";
import { parsePhoneCell } from "@/server/services/imports/phone-cell";
import { mappingWith, openSheet } from "@/server/services/imports/sheet";
import { refreshPurchaseTotals } from "./totals";

/** What a purchase import did. Rows are numbered as in the spreadsheet (the header is row 1 or later). */
export interface PurchaseImportResult {
  /** Data rows read. */
  rows: number;
  /** New orders recorded. */
  created: number;
  /** Orders already imported, changed (`onDuplicate: "update"`). */
  updated: number;
  /** Orders already imported and left as they were, or repeated in the file. */
  skipped: number;
  /** Rows not taken, each listed in `errors` with why. */
  failed: number;
  /** Customers whose totals changed. */
  customers: number;
  /** Why each row was not taken (the first 1,000). */
  errors: { row: number; orderId: string | null; reason: string }[];
  /** The column mapping used. */
  mapping: Record<string, PurchaseImportTarget>;
}

export interface PurchaseImportInput {
  /** The uploaded file on disk (CSV or XLSX, sniffed by content). */
  filePath: string;
  fileName: string;
  /** Column header → target, over the suggested mapping. */
  mapping?: Record<string, string>;
  /** An order id already imported: `skip` it (default) or `update` it with the file's values. */
  onDuplicate?: "skip" | "update";
}

const CHUNK = 1_000;
const MAX_ERRORS = 1_000;

interface ParsedOrder {
  row: number;
  orderId: string;
  email: string | null;
  phone: string | null;
  purchasedOn: string;
  amount: number;
  items: { description: string; quantity: string; unit: null; total: number | null }[];
}

/**
 * Imports orders from a CSV or XLSX file another system made, with the customers import's reader (the
 * same sniffing, XLSX guard, CSV dialects and date and phone reading): per row an order id, the
 * customer's email or phone (E.164 from the business's country), the date (in the business's day/month
 * order), the items ("Shampoo x2; Conditioner") and the amount (in the business's currency; symbols and
 * thousands separators are ignored). Each order is matched to an existing customer by email, then phone;
 * recorded once per order id (a second import skips or updates it, `onDuplicate`); shown on the
 * customer's timeline; and the customer's totals (total spent, orders, first and last purchase) are
 * recomputed in the same transaction, 1,000 rows at a time. A row is never dropped silently: every row
 * not taken is in `errors` with its reason (no such customer, unreadable date or amount, …).
 * Output: `PurchaseImportResult`. Errors: VALIDATION for a file that cannot be read, over 50,000 rows,
 * an unknown target or header in `mapping` (field `mapping`), or a mapping without an order id, an
 * amount, a date, or an email or phone column.
 */
export async function importPurchases(
  db: Db,
  actor: { businessId: string; userId: string | null },
  input: PurchaseImportInput,
): Promise<PurchaseImportResult> {
  const { headers, dataRows } = await openSheet(input.filePath, input.fileName);
  const mapping = mappingWith(headers, suggestPurchaseMapping(headers), input.mapping, purchaseImportTargets);
  const column = (t: PurchaseImportTarget) => headers.findIndex((h) => mapping[h] === t);
  const at = {
    orderId: column("orderId"),
    email: column("email"),
    phone: column("phone"),
    date: column("date"),
    items: column("items"),
    amount: column("amount"),
  };
  const missing = [
    at.orderId < 0 ? "the order id" : null,
    at.amount < 0 ? "the amount" : null,
    at.date < 0 ? "the date" : null,
    at.email < 0 && at.phone < 0 ? "the customer's email or phone" : null,
  ].filter(Boolean);
  if (missing.length)
    throw new AppError("VALIDATION", `Choose the columns with ${missing.join(", ")}.`, {
      mapping: `Map a column to ${missing.join(", ")}.`,
    });

  const [business] = await db.select().from(businesses).where(eq(businesses.id, actor.businessId)).limit(1);
  if (!business) throw new AppError("NOT_FOUND", "No such business.");
  const order = dateOrderFor(business.country);
  const result: PurchaseImportResult = {
    rows: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    customers: 0,
    errors: [],
    mapping,
  };
  const fail = (row: number, orderId: string | null, reason: string) => {
    result.failed++;
    if (result.errors.length < MAX_ERRORS) result.errors.push({ row, orderId, reason });
  };
  const seen = new Set<string>();
  const touched = new Set<string>();
  let chunk: ParsedOrder[] = [];
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? "").trim() : "");

  for await (const { line, cells } of dataRows()) {
    result.rows++;
    if (result.rows > MAX_PURCHASE_IMPORT_ROWS)
      throw new AppError(
        "VALIDATION",
        `The file has more than ${MAX_PURCHASE_IMPORT_ROWS.toLocaleString("en-US")} orders: split it and import the parts.`,
        { file: "Too many rows." },
      );
    const orderId = cell(cells, at.orderId).slice(0, 200);
    if (!orderId) {
      fail(line, null, "The order id is empty.");
      continue;
    }
    if (seen.has(orderId)) {
      result.skipped++;
      continue;
    }
    seen.add(orderId);
    const emailText = cell(cells, at.email).toLowerCase();
    const email = emailText && z.email().safeParse(emailText).success ? emailText : null;
    const phoneText = cell(cells, at.phone);
    const phoneCell = phoneText ? parsePhoneCell(phoneText, business.country) : null;
    const phone = phoneCell?.ok ? phoneCell.e164 : null;
    if (!email && !phone) {
      fail(
        line,
        orderId,
        emailText || phoneText
          ? `Neither "${emailText || phoneText}" nor another contact on the row is a valid email or phone.`
          : "The row has no customer email or phone.",
      );
      continue;
    }
    const dateText = cell(cells, at.date);
    const date = dateText ? parseDateText(dateText, order) : null;
    if (!date?.ok) {
      fail(line, orderId, date ? date.reason : "The date is empty.");
      continue;
    }
    const amountText = cell(cells, at.amount).replace(/[^\d.,-]/g, "");
    const amount = amountText.startsWith("-") ? null : parseMoney(amountText, business.currency);
    if (amount === null) {
      fail(
        line,
        orderId,
        amountText.startsWith("-")
          ? "A negative amount (a refund) is not a purchase."
          : `"${cell(cells, at.amount)}" is not an amount in ${business.currency} (at most ${currencyExponent(business.currency)} decimals).`,
      );
      continue;
    }
    const items = parseItems(cell(cells, at.items)).map((i, _, all) => ({
      ...i,
      unit: null,
      total: all.length === 1 ? amount : null,
    }));
    chunk.push({ row: line, orderId, email, phone, purchasedOn: isoDateOf(date.value), amount, items });
    if (chunk.length >= CHUNK) {
      await writeChunk(
        db,
        actor,
        business.currency,
        chunk,
        input.onDuplicate ?? "skip",
        result,
        fail,
        touched,
      );
      chunk = [];
    }
  }
  if (chunk.length)
    await writeChunk(db, actor, business.currency, chunk, input.onDuplicate ?? "skip", result, fail, touched);
  result.customers = touched.size;
  return result;
}

async function writeChunk(
  db: Db,
  actor: { businessId: string; userId: string | null },
  currency: string,
  chunk: ParsedOrder[],
  onDuplicate: "skip" | "update",
  result: PurchaseImportResult,
  fail: (row: number, orderId: string | null, reason: string) => void,
  touched: Set<string>,
): Promise<void> {
  const { businessId } = actor;
  await db.transaction(async (tx) => {
    const emails = [...new Set(chunk.flatMap((o) => (o.email ? [o.email] : [])))];
    const phones = [...new Set(chunk.flatMap((o) => (o.phone ? [o.phone] : [])))];
    const found = await tx
      .select({
        id: customers.id,
        email: customers.email,
        phone: customers.phone,
        whatsapp: customers.whatsapp,
      })
      .from(customers)
      .where(
        and(
          eq(customers.businessId, businessId),
          isNull(customers.deletedAt),
          or(
            emails.length ? inArray(sql`lower(${customers.email})`, emails) : sql`false`,
            phones.length ? inArray(customers.phone, phones) : sql`false`,
            phones.length ? inArray(customers.whatsapp, phones) : sql`false`,
          ),
        ),
      );
    const byEmail = new Map<string, string>();
    const byPhone = new Map<string, string>();
    for (const c of found) {
      if (c.email && !byEmail.has(c.email.toLowerCase())) byEmail.set(c.email.toLowerCase(), c.id);
      for (const p of [c.phone, c.whatsapp]) if (p && !byPhone.has(p)) byPhone.set(p, c.id);
    }
    const existing = new Map(
      (
        await tx
          .select({ orderId: purchases.orderId, customerId: purchases.customerId })
          .from(purchases)
          .where(
            and(
              eq(purchases.businessId, businessId),
              inArray(
                purchases.orderId,
                chunk.map((o) => o.orderId),
              ),
            ),
          )
      ).map((r) => [r.orderId!, r.customerId]),
    );
    const rows: (typeof purchases.$inferInsert & { row: number })[] = [];
    for (const o of chunk) {
      const customerId = (o.email && byEmail.get(o.email)) || (o.phone && byPhone.get(o.phone)) || null;
      if (!customerId) {
        fail(o.row, o.orderId, `No customer with ${o.email ?? o.phone}: add or import the customer first.`);
        continue;
      }
      const previous = existing.get(o.orderId);
      if (previous && onDuplicate === "skip") {
        result.skipped++;
        continue;
      }
      if (previous) touched.add(previous);
      touched.add(customerId);
      rows.push({
        row: o.row,
        businessId,
        customerId,
        source: "import",
        orderId: o.orderId,
        purchasedOn: o.purchasedOn,
        amount: o.amount,
        currency,
        items: o.items,
      });
    }
    if (rows.length === 0) return;
    const written = await tx
      .insert(purchases)
      .values(rows.map(({ row: _, ...r }) => r))
      .onConflictDoUpdate({
        target: [purchases.businessId, purchases.orderId],
        targetWhere: sql`${purchases.orderId} is not null`,
        set: {
          customerId: sql`excluded.customer_id`,
          purchasedOn: sql`excluded.purchased_on`,
          amount: sql`excluded.amount`,
          items: sql`excluded.items`,
        },
      })
      .returning({
        customerId: purchases.customerId,
        orderId: purchases.orderId,
        amount: purchases.amount,
        purchasedOn: purchases.purchasedOn,
        inserted: sql<boolean>`(xmax = 0)`,
      });
    const created = written.filter((w) => w.inserted);
    result.created += created.length;
    result.updated += written.length - created.length;
    await recordActivities(
      tx,
      created.map((w) => ({
        businessId,
        customerId: w.customerId,
        type: "purchase_recorded" as const,
        actorUserId: actor.userId,
        data: { orderId: w.orderId, amount: w.amount, currency, purchasedOn: w.purchasedOn },
        createdAt: new Date(`${w.purchasedOn}T12:00:00Z`),
      })),
      { touch: false },
    );
    await refreshPurchaseTotals(
      tx,
      businessId,
      rows.map((r) => r.customerId).concat([...existing.values()].filter((id) => touched.has(id))),
    );
  });
}
