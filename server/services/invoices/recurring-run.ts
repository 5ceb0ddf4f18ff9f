import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { businesses, customers, invoices, recurringInvoices } from "@/db/schema";
import { localDate } from "@/server/domain/fiscal-year";
import type { LineInput } from "@/server/domain/invoices";
import { duePeriods, nextPeriodDate, scheduleOf } from "@/server/domain/recurring-invoices";
import { logger } from "@/server/logger";
import { recordActivities } from "@/server/services/activities";
import { computed, type InvoiceRow } from "./documents";
import { fiscalYearOf, type IssueContext, issuedFields, newPublicToken, nextSequence } from "./issue";
import { getInvoiceSettings } from "./settings";

/*
 * The recurring run: making the invoices recurring profiles owe (recurring.ts keeps the profiles).
 */

type ProfileRow = typeof recurringInvoices.$inferSelect;

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
        const next = nextPeriodDate(scheduleOf(p), a.index, generated);
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
