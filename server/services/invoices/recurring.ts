import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businesses, customers, invoices, recurringInvoices } from "@/db/schema";
import { localDate } from "@/server/domain/fiscal-year";
import type { LineInput } from "@/server/domain/invoices";
import {
  describeSchedule,
  duePeriods,
  periodDate,
  type RecurringInvoiceInput,
  type RecurringSchedule,
  type UpdateRecurringInvoiceInput,
} from "@/server/domain/recurring-invoices";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { recordActivities } from "@/server/services/activities";
import { decodeTimeCursor, encodeTimeCursor } from "@/server/services/pagination/time-cursor";
import { computed, type InvoiceRow, todayIn } from "./documents";
import { fiscalYearOf, type IssueContext, issuedFields, newPublicToken, nextSequence } from "./issue";
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

const scheduleOf = (r: Pick<ProfileRow, keyof RecurringSchedule>): RecurringSchedule => ({
  frequency: r.frequency,
  intervalDays: r.intervalDays,
  dayOfMonth: r.dayOfMonth,
  startDate: r.startDate,
  endAfterCount: r.endAfterCount,
  endOn: r.endOn,
});

/** The next date of a profile from period `index` with `generated` invoices made, or null when it has ended. */
function nextDate(s: RecurringSchedule, index: number, generated: number): string | null {
  if (s.endAfterCount != null && generated >= s.endAfterCount) return null;
  const date = periodDate(s, index);
  if (s.endOn && date > s.endOn) return null;
  return date;
}

function upcomingOf(r: ProfileRow): string[] {
  if (r.status === "ended" || r.nextRunOn == null) return [];
  const s = scheduleOf(r);
  const out: string[] = [];
  for (let i = 0; out.length < 3; i++) {
    const d = nextDate(s, r.nextPeriodIndex + i, r.generatedCount + i);
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
  const next = nextDate(s, 0, 0);
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
    const next = nextDate(merged, index, current.generatedCount);
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
      const next = nextDate(s, index, r.generatedCount);
      patch = { status: next ? "active" : "ended", nextPeriodIndex: index, nextRunOn: next, lastError: null };
    } else {
      const index = r.nextPeriodIndex + 1;
      const next = nextDate(s, index, r.generatedCount);
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

/** What one run of `generateDueRecurringInvoices` did. */
export interface RecurringRunResult {
  /** Profiles taken on. */
  profiles: number;
  /** Invoices made (issued, or drafts for profiles that do not send), with whether to email them. */
  invoices: { businessId: string; invoiceId: string; send: boolean }[];
  /** Periods found already billed (a retried run): not billed again. */
  alreadyBilled: number;
  /** Profiles that could not bill, with why (the profile is paused and shows the reason). */
  failed: { recurringInvoiceId: string; error: string }[];
}

/** How many profiles one claim takes on. */
export const RECURRING_BATCH = 250;

/** One invoice a run makes: the profile, the period, and the row to insert. */
interface PlannedInvoice {
  profile: ProfileRow;
  period: { index: number; date: string };
  values: typeof invoices.$inferInsert;
}

/** Rows per multi-row INSERT of invoices (each row has ~35 parameters; Postgres allows 65,535). */
const INVOICE_INSERT_BATCH = 500;

/**
 * Makes the invoices that are due, across businesses, in one transaction: active profiles whose next date
 * is today or earlier in their business's time zone, claimed `FOR UPDATE SKIP LOCKED` (an overlapping run
 * takes others). For each, every due period (missed ones after downtime too, oldest first, each once):
 * a document dated the period's date, issued when the profile sends automatically (numbers taken as one
 * block per business and fiscal year, consecutive and gapless; due date from its terms), or a draft.
 * The claim, the check for periods already billed and the insert are in one transaction, and a unique
 * index on (profile, period) backs it: a period is never billed twice, even by a doubled or retried run
 * (a violation rolls the whole batch back, numbers included, for the retry to find it billed). Each
 * profile moves to its next date, or ends. A profile whose customer is gone is paused with the reason.
 * Set-based: a handful of statements per batch, whatever its size.
 * Output: `RecurringRunResult` (the invoices to email are sent by the caller, after the commit).
 */
export async function generateDueRecurringInvoices(
  db: Db,
  opts: { now?: Date; limit?: number } = {},
): Promise<RecurringRunResult> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? RECURRING_BATCH;
  // No place on Earth is past UTC+14: a date later than that is due nowhere yet (keeps the index range tight).
  const latestLocalDate = localDate(new Date(now.getTime() + 14 * 3_600_000), "UTC");
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ profile: recurringInvoices, timeZone: businesses.timeZone, customer: customers })
      .from(recurringInvoices)
      .innerJoin(businesses, eq(businesses.id, recurringInvoices.businessId))
      .leftJoin(
        customers,
        and(
          eq(customers.id, recurringInvoices.customerId),
          eq(customers.businessId, recurringInvoices.businessId),
        ),
      )
      .where(
        and(
          eq(recurringInvoices.status, "active"),
          sql`${recurringInvoices.nextRunOn} <= ${latestLocalDate}`,
          sql`${recurringInvoices.nextRunOn} <= (${now.toISOString()}::timestamptz at time zone ${businesses.timeZone})::date`,
        ),
      )
      .orderBy(recurringInvoices.nextRunOn, recurringInvoices.id)
      .limit(limit)
      .for("update", { of: recurringInvoices, skipLocked: true });
    const result: RecurringRunResult = { profiles: due.length, invoices: [], alreadyBilled: 0, failed: [] };
    if (due.length === 0) return result;

    const billed = new Set(
      (
        await tx
          .select({ id: invoices.recurringInvoiceId, period: invoices.recurringPeriod })
          .from(invoices)
          .where(
            inArray(
              invoices.recurringInvoiceId,
              due.map((d) => d.profile.id),
            ),
          )
      ).map((r) => `${r.id}|${r.period}`),
    );
    const contexts = new Map<string, IssueContext>();
    for (const businessId of new Set(due.map((d) => d.profile.businessId))) {
      const [business] = await tx.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
      contexts.set(businessId, { business: business!, settings: await getInvoiceSettings(tx, businessId) });
    }

    const planned: PlannedInvoice[] = [];
    const toIssue: (PlannedInvoice & { fiscalYear: string; customer: typeof customers.$inferSelect })[] = [];
    const pauses: { id: string; error: string }[] = [];
    const advances = new Map<string, { index: number; made: number; skippedBilled: number }>();
    for (const { profile: p, timeZone, customer } of due) {
      if (!customer || customer.deletedAt) {
        pauses.push({
          id: p.id,
          error: customer ? "The customer is in the trash." : "The customer was deleted.",
        });
        continue;
      }
      const ctx = contexts.get(p.businessId)!;
      const periods = duePeriods(
        { ...scheduleOf(p), endAfterCount: null },
        p.nextPeriodIndex,
        localDate(now, timeZone),
      ).slice(0, p.endAfterCount != null ? Math.max(0, p.endAfterCount - p.generatedCount) : undefined);
      const lines = p.lineInputs as LineInput[];
      let made = 0;
      let skippedBilled = 0;
      for (const period of periods) {
        if (billed.has(`${p.id}|${period.date}`)) {
          skippedBilled++;
          continue;
        }
        const base = {
          currency: p.currency,
          pricesIncludeTax: p.pricesIncludeTax,
          roundTotal: ctx.settings.roundTotals,
          discount: p.discount,
          placeOfSupply: null,
          amountPaid: 0,
        };
        const item: PlannedInvoice = {
          profile: p,
          period,
          values: {
            businessId: p.businessId,
            kind: "invoice",
            customerId: p.customerId,
            issueDate: period.date,
            paymentTermsDays: p.paymentTermsDays,
            notes: p.notes,
            terms: p.terms,
            lineInputs: lines,
            recurringInvoiceId: p.id,
            recurringPeriod: period.date,
            createdBy: p.createdBy,
            ...base,
            ...computed(base, lines, ctx.settings.stateCode),
          },
        };
        planned.push(item);
        if (p.autoSend)
          toIssue.push({ ...item, fiscalYear: fiscalYearOf(ctx.settings, period.date), customer });
        made++;
      }
      result.alreadyBilled += skippedBilled;
      advances.set(p.id, {
        index: (periods.at(-1)?.index ?? p.nextPeriodIndex - 1) + 1,
        made,
        skippedBilled,
      });
    }

    // Numbers: one block per business and fiscal year, handed out oldest period first.
    const blocks = new Map<string, typeof toIssue>();
    for (const item of toIssue) {
      const key = `${item.profile.businessId}|${item.fiscalYear}`;
      blocks.set(key, [...(blocks.get(key) ?? []), item]);
    }
    for (const items of blocks.values()) {
      items.sort(
        (x, y) => x.period.date.localeCompare(y.period.date) || x.profile.id.localeCompare(y.profile.id),
      );
      const { businessId } = items[0]!.profile;
      const first = await nextSequence(tx, businessId, "invoice", items[0]!.fiscalYear, items.length);
      items.forEach((item, i) => {
        Object.assign(
          item.values,
          issuedFields(
            contexts.get(businessId)!,
            { ...(item.values as Required<typeof item.values>), issueDate: item.period.date },
            item.customer,
            item.fiscalYear,
            first + i,
            newPublicToken(),
          ),
        );
      });
    }

    const inserted: InvoiceRow[] = [];
    for (let i = 0; i < planned.length; i += INVOICE_INSERT_BATCH)
      inserted.push(
        ...(await tx
          .insert(invoices)
          .values(planned.slice(i, i + INVOICE_INSERT_BATCH).map((x) => x.values))
          .returning()),
      );
    await recordActivities(
      tx,
      inserted
        .filter((r) => r.status === "issued")
        .map((r) => ({
          businessId: r.businessId,
          customerId: r.customerId!,
          type: "invoice_issued" as const,
          data: {
            invoiceId: r.id,
            kind: r.kind,
            number: r.number,
            total: r.total,
            currency: r.currency,
            recurring: true,
          },
        })),
    );
    const lastOf = new Map<string, string>();
    for (const r of inserted) {
      result.invoices.push({ businessId: r.businessId, invoiceId: r.id, send: r.status === "issued" });
      lastOf.set(r.recurringInvoiceId!, r.id);
    }

    const updates = due
      .filter((d) => advances.has(d.profile.id))
      .map(({ profile: p }) => {
        const a = advances.get(p.id)!;
        const generated = p.generatedCount + a.made;
        const next = nextDate(scheduleOf(p), a.index, generated);
        return sql`(${p.id}::uuid, ${a.index}::int, ${next}::date, ${next ? "active" : "ended"}::recurring_status, ${generated}::int, ${lastOf.get(p.id) ?? p.lastInvoiceId}::uuid)`;
      });
    if (updates.length)
      await tx.execute(sql`
        update ${recurringInvoices} r
        set next_period_index = v.idx, next_run_on = v.next, status = v.status, generated_count = v.generated,
            last_invoice_id = v.last, last_run_at = ${now.toISOString()}::timestamptz, last_error = null,
            updated_at = ${now.toISOString()}::timestamptz
        from (values ${sql.join(updates, sql`, `)}) as v(id, idx, next, status, generated, last)
        where r.id = v.id`);
    for (const p of pauses) {
      await tx
        .update(recurringInvoices)
        .set({ status: "paused", lastError: p.error, lastRunAt: now, updatedAt: now })
        .where(eq(recurringInvoices.id, p.id));
      result.failed.push({ recurringInvoiceId: p.id, error: p.error });
    }
    if (result.failed.length) logger.warn({ failed: result.failed }, "recurring invoices not billed");
    return result;
  });
}
