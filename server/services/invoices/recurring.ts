import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businesses, customers, invoices, recurringInvoices } from "@/db/schema";
import type { LineInput } from "@/server/domain/invoices";
import {
  describeSchedule,
  nextPeriodDate,
  periodDate,
  type RecurringInvoiceInput,
  type RecurringSchedule,
  scheduleOf,
  type UpdateRecurringInvoiceInput,
} from "@/server/domain/recurring-invoices";
import { AppError } from "@/server/errors";
import { decodeTimeCursor, encodeTimeCursor } from "@/server/services/pagination/time-cursor";
import { computed, todayIn } from "./documents";
import { getInvoiceSettings } from "./settings";

type Actor = { businessId: string; userId: string | null };
type ProfileRow = typeof recurringInvoices.$inferSelect;

/** A recurring profile as procedures and REST return it. */
export interface RecurringInvoiceOutput {
  id: string;
  name: string;
  customerId: string | null;
  customerName: string | null;
  status: "active" | "paused" | "ended";
  frequency: ProfileRow["frequency"];
  intervalDays: number | null;
  dayOfMonth: number | null;
  startDate: string;
  endAfterCount: number | null;
  endOn: string | null;
  autoSend: boolean;
  currency: string;
  paymentTermsDays: number;
  pricesIncludeTax: boolean;
  discount: ProfileRow["discount"];
  lines: LineInput[];
  notes: string | null;
  terms: string | null;
  /** The total of one invoice, minor units (before the place of supply is known: GST as intra-state). */
  total: number;
  /** "Every month on the 1st". */
  schedule: string;
  /** The next invoice's date (`YYYY-MM-DD`), null once ended. */
  nextRunOn: string | null;
  /** The next three dates, for the profile page. */
  upcoming: string[];
  generatedCount: number;
  skippedCount: number;
  lastInvoiceId: string | null;
  lastRunAt: string | null;
  lastError: string | null;
  createdAt: string;
}

function upcomingOf(r: ProfileRow): string[] {
  if (r.status === "ended" || r.nextRunOn == null) return [];
  const s = scheduleOf(r);
  const out: string[] = [];
  for (let i = 0; out.length < 3; i++) {
    const d = nextPeriodDate(s, r.nextPeriodIndex + i, r.generatedCount + i);
    if (!d) break;
    out.push(d);
  }
  return out;
}

function toOutput(
  r: ProfileRow,
  customerName: string | null,
  sellerState: string | null,
): RecurringInvoiceOutput {
  const lines = r.lineInputs as LineInput[];
  const c = computed(
    {
      currency: r.currency,
      pricesIncludeTax: r.pricesIncludeTax,
      roundTotal: false,
      discount: r.discount,
      placeOfSupply: sellerState,
      amountPaid: 0,
    },
    lines,
    sellerState,
  );
  return {
    id: r.id,
    name: r.name,
    customerId: r.customerId,
    customerName,
    status: r.status,
    frequency: r.frequency,
    intervalDays: r.intervalDays,
    dayOfMonth: r.dayOfMonth,
    startDate: r.startDate,
    endAfterCount: r.endAfterCount,
    endOn: r.endOn,
    autoSend: r.autoSend,
    currency: r.currency,
    paymentTermsDays: r.paymentTermsDays,
    pricesIncludeTax: r.pricesIncludeTax,
    discount: r.discount,
    lines,
    notes: r.notes,
    terms: r.terms,
    total: c.total,
    schedule: describeSchedule(scheduleOf(r)),
    nextRunOn: r.status === "ended" ? null : r.nextRunOn,
    upcoming: upcomingOf(r),
    generatedCount: r.generatedCount,
    skippedCount: r.skippedCount,
    lastInvoiceId: r.lastInvoiceId,
    lastRunAt: r.lastRunAt?.toISOString() ?? null,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
  };
}

async function businessOf(db: DbOrTx, businessId: string) {
  const [b] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!b) throw new AppError("NOT_FOUND", "No such business.");
  return b;
}

async function customerNameOf(
  db: DbOrTx,
  businessId: string,
  customerId: string | null,
): Promise<string | null> {
  if (!customerId) return null;
  const [c] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  return c?.name ?? null;
}

async function profileRow(db: DbOrTx, businessId: string, id: string, lock = false): Promise<ProfileRow> {
  const q = db
    .select()
    .from(recurringInvoices)
    .where(and(eq(recurringInvoices.businessId, businessId), eq(recurringInvoices.id, id)))
    .limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new AppError("NOT_FOUND", "No such recurring invoice.");
  return row;
}

async function output(db: DbOrTx, row: ProfileRow): Promise<RecurringInvoiceOutput> {
  const settings = await getInvoiceSettings(db, row.businessId);
  return toOutput(row, await customerNameOf(db, row.businessId, row.customerId), settings.stateCode);
}

async function checkCustomer(db: DbOrTx, businessId: string, customerId: string) {
  const [c] = await db
    .select({ id: customers.id, deletedAt: customers.deletedAt })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!c || c.deletedAt)
    throw new AppError("NOT_FOUND", "No such customer in this business.", {
      customerId: "No such customer.",
    });
}

function checkLines(lines: LineInput[]) {
  if (lines.length === 0)
    throw new AppError("VALIDATION", "Add at least one line.", { lines: "Add at least one line." });
}

/**
 * The first period of `s` on or after `from` (a date), from period `index` on: for a schedule edited or
 * resumed, so periods already billed or paused over are not billed again. Output: the period's index.
 */
function firstPeriodFrom(s: RecurringSchedule, index: number, from: string): number {
  let i = index;
  for (let guard = 0; guard < 20_000 && periodDate(s, i) < from; guard++) i++;
  return i;
}

/**
 * Creates a recurring profile for a customer of the business, in the business's currency. The first
 * invoice is made on the first period date on or after the start date (today's is made on the next run,
 * within minutes). Output: the profile. Errors: NOT_FOUND on `customerId`.
 */
export async function createRecurringInvoice(
  db: DbOrTx,
  actor: Actor,
  input: RecurringInvoiceInput,
): Promise<RecurringInvoiceOutput> {
  const business = await businessOf(db, actor.businessId);
  await checkCustomer(db, actor.businessId, input.customerId);
  checkLines(input.lines);
  const settings = await getInvoiceSettings(db, actor.businessId);
  const s: RecurringSchedule = input;
  const next = nextPeriodDate(s, 0, 0);
  const [row] = await db
    .insert(recurringInvoices)
    .values({
      businessId: actor.businessId,
      name: input.name,
      customerId: input.customerId,
      frequency: input.frequency,
      intervalDays: input.frequency === "every_n_days" ? (input.intervalDays ?? null) : null,
      dayOfMonth: ["monthly", "quarterly", "yearly"].includes(input.frequency)
        ? (input.dayOfMonth ?? null)
        : null,
      startDate: input.startDate,
      endAfterCount: input.endAfterCount ?? null,
      endOn: input.endOn ?? null,
      autoSend: input.autoSend,
      currency: business.currency,
      paymentTermsDays: input.paymentTermsDays ?? settings.paymentTermsDays,
      pricesIncludeTax: input.pricesIncludeTax ?? settings.pricesIncludeTax,
      discount: input.discount ?? null,
      lineInputs: input.lines,
      notes: input.notes ?? settings.notes,
      terms: input.terms ?? settings.terms,
      status: next ? "active" : "ended",
      nextRunOn: next,
      createdBy: actor.userId,
    })
    .returning();
  return output(db, row!);
}

/**
 * Changes a profile (fields left out stay). A changed schedule takes effect from today: periods before
 * today that were not billed are not billed, and no period is billed twice. Output: the profile.
 * Errors: NOT_FOUND; VALIDATION on a field.
 */
export async function updateRecurringInvoice(
  db: Db,
  actor: Actor,
  input: UpdateRecurringInvoiceInput,
): Promise<RecurringInvoiceOutput> {
  const business = await businessOf(db, actor.businessId);
  if (input.customerId) await checkCustomer(db, actor.businessId, input.customerId);
  if (input.lines) checkLines(input.lines);
  const row = await db.transaction(async (tx) => {
    const current = await profileRow(tx, actor.businessId, input.recurringInvoiceId, true);
    const merged = { ...scheduleOf(current) };
    for (const k of [
      "frequency",
      "intervalDays",
      "dayOfMonth",
      "startDate",
      "endAfterCount",
      "endOn",
    ] as const)
      if (input[k] !== undefined) (merged as Record<string, unknown>)[k] = input[k];
    if (merged.frequency === "every_n_days" && !merged.intervalDays)
      throw new AppError("VALIDATION", "Say every how many days.", {
        intervalDays: "Say every how many days.",
      });
    if (merged.endOn && merged.endOn < merged.startDate)
      throw new AppError("VALIDATION", "The end date is before the start date.", {
        endOn: "The end date is before the start date.",
      });
    const scheduleChanged = (["frequency", "intervalDays", "dayOfMonth", "startDate"] as const).some(
      (k) => input[k] !== undefined && input[k] !== current[k],
    );
    let index = current.nextPeriodIndex;
    if (scheduleChanged) {
      const [last] = await tx
        .select({ period: invoices.recurringPeriod })
        .from(invoices)
        .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.recurringInvoiceId, current.id)))
        .orderBy(desc(invoices.recurringPeriod))
        .limit(1);
      const today = todayIn(business.timeZone);
      const after = last?.period && last.period >= today ? nextDay(last.period) : today;
      index = firstPeriodFrom(merged, 0, after);
    }
    const next = nextPeriodDate(merged, index, current.generatedCount);
    const status = current.status === "paused" ? "paused" : next ? "active" : "ended";
    const [updated] = await tx
      .update(recurringInvoices)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
        ...(input.autoSend !== undefined ? { autoSend: input.autoSend } : {}),
        ...(input.paymentTermsDays !== undefined ? { paymentTermsDays: input.paymentTermsDays } : {}),
        ...(input.pricesIncludeTax !== undefined ? { pricesIncludeTax: input.pricesIncludeTax } : {}),
        ...(input.discount !== undefined ? { discount: input.discount ?? null } : {}),
        ...(input.lines !== undefined ? { lineInputs: input.lines } : {}),
        ...(input.notes !== undefined ? { notes: input.notes ?? null } : {}),
        ...(input.terms !== undefined ? { terms: input.terms ?? null } : {}),
        frequency: merged.frequency,
        intervalDays: merged.frequency === "every_n_days" ? (merged.intervalDays ?? null) : null,
        dayOfMonth: ["monthly", "quarterly", "yearly"].includes(merged.frequency)
          ? (merged.dayOfMonth ?? null)
          : null,
        startDate: merged.startDate,
        endAfterCount: merged.endAfterCount ?? null,
        endOn: merged.endOn ?? null,
        nextPeriodIndex: index,
        nextRunOn: next,
        status,
        lastError: null,
        updatedAt: new Date(),
      })
      .where(eq(recurringInvoices.id, current.id))
      .returning();
    return updated!;
  });
  return output(db, row);
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Pauses, resumes or skips the next invoice of a profile.
 * - `pause`: no invoice is made while paused.
 * - `resume`: billing goes on from today; periods that fell while paused are not billed.
 * - `skip_next`: the next period is passed over (counted as skipped); the one after is next.
 * Output: the profile. Errors: NOT_FOUND; CONFLICT for an ended profile (or resuming an active one).
 */
export async function changeRecurringInvoiceState(
  db: Db,
  actor: Actor,
  input: { recurringInvoiceId: string; action: "pause" | "resume" | "skip_next" },
): Promise<RecurringInvoiceOutput> {
  const business = await businessOf(db, actor.businessId);
  const row = await db.transaction(async (tx) => {
    const r = await profileRow(tx, actor.businessId, input.recurringInvoiceId, true);
    if (r.status === "ended") throw new AppError("CONFLICT", "This recurring invoice has ended.");
    const s = scheduleOf(r);
    let patch: Partial<ProfileRow>;
    if (input.action === "pause") {
      if (r.status === "paused") throw new AppError("CONFLICT", "This recurring invoice is already paused.");
      patch = { status: "paused" };
    } else if (input.action === "resume") {
      if (r.status === "active") throw new AppError("CONFLICT", "This recurring invoice is not paused.");
      const index = firstPeriodFrom(s, r.nextPeriodIndex, todayIn(business.timeZone));
      const next = nextPeriodDate(s, index, r.generatedCount);
      patch = { status: next ? "active" : "ended", nextPeriodIndex: index, nextRunOn: next, lastError: null };
    } else {
      const index = r.nextPeriodIndex + 1;
      const next = nextPeriodDate(s, index, r.generatedCount);
      patch = {
        nextPeriodIndex: index,
        nextRunOn: next,
        skippedCount: r.skippedCount + 1,
        ...(next ? {} : { status: "ended" as const }),
      };
    }
    const [updated] = await tx
      .update(recurringInvoices)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(recurringInvoices.id, r.id))
      .returning();
    return updated!;
  });
  return output(db, row);
}

/** One profile. Errors: NOT_FOUND. */
export async function getRecurringInvoice(
  db: DbOrTx,
  businessId: string,
  recurringInvoiceId: string,
): Promise<RecurringInvoiceOutput> {
  return output(db, await profileRow(db, businessId, recurringInvoiceId));
}

/**
 * Deletes a profile; the invoices it made stay (they keep their numbers). Errors: NOT_FOUND.
 */
export async function deleteRecurringInvoice(db: DbOrTx, businessId: string, recurringInvoiceId: string) {
  const deleted = await db
    .delete(recurringInvoices)
    .where(and(eq(recurringInvoices.businessId, businessId), eq(recurringInvoices.id, recurringInvoiceId)))
    .returning({ id: recurringInvoices.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "No such recurring invoice.");
  return { id: recurringInvoiceId };
}

/**
 * The business's profiles, newest first, optionally by status or customer, in keyset pages.
 * Output: `{ data, nextCursor }`.
 */
export async function listRecurringInvoices(
  db: DbOrTx,
  businessId: string,
  input: { status?: ProfileRow["status"]; customerId?: string; limit?: number; cursor?: string | null } = {},
): Promise<{ data: RecurringInvoiceOutput[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50;
  if (input.customerId) await checkCustomer(db, businessId, input.customerId);
  const settings = await getInvoiceSettings(db, businessId);
  const conditions = [eq(recurringInvoices.businessId, businessId)];
  if (input.status) conditions.push(eq(recurringInvoices.status, input.status));
  if (input.customerId) conditions.push(eq(recurringInvoices.customerId, input.customerId));
  if (input.cursor) {
    const c = decodeTimeCursor(input.cursor);
    conditions.push(
      sql`(${recurringInvoices.createdAt}, ${recurringInvoices.id}) < (${c.t}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      profile: recurringInvoices,
      customerName: customers.name,
      cursorTime: sql<string>`to_char(${recurringInvoices.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(recurringInvoices)
    .leftJoin(
      customers,
      and(eq(customers.id, recurringInvoices.customerId), eq(customers.businessId, businessId)),
    )
    .where(and(...conditions))
    .orderBy(desc(recurringInvoices.createdAt), desc(recurringInvoices.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => toOutput(r.profile, r.customerName, settings.stateCode)),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorTime, last.profile.id) : null,
  };
}
