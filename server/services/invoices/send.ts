import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, type DbOrTx, execRows } from "@/db/client";
import { businesses, customers, invoices } from "@/db/schema";
import { formatDate } from "@/server/domain/format";
import { invoiceTemplateVariables } from "@/server/domain/invoice-whatsapp";
import { formatMoney } from "@/server/domain/money";
import { dispatchEmail, recordEmail } from "@/server/email/queue";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { businessReplyTo } from "@/server/services/messaging-settings";
import { onlinePaymentProviders } from "@/server/services/payments/accounts";
import { sendWhatsappToCustomer } from "@/server/services/whatsapp-messages";
import { getWhatsappTemplate } from "@/server/services/whatsapp-templates";
import { dueOf, type InvoiceRow, invoiceRow, publicUrlOf } from "./documents";

const labels = { invoice: "Invoice", quote: "Quote", credit_note: "Credit note" } as const;

/** Why a send did not happen (automatic sends only; a manual send answers with an error instead). */
export type SendSkipReason = "already_sent" | "no_email" | "not_issued";

export interface SendInvoiceInput {
  businessId: string;
  invoiceId: string;
  /** Who sent it; null for the recurring run. */
  userId: string | null;
  /** The recipient; default the buyer's address on the invoice, else the customer's. */
  to?: string | null;
  /** A note shown above the summary. */
  message?: string | null;
  /**
   * `true` for the recurring run: sends only if the document was never sent (claimed with
   * `sent_at IS NULL`, so a retried or doubled request sends once) and skips instead of failing.
   */
  automatic?: boolean;
  /** A reminder `daysFromDue` days from the due date, instead of the document itself. */
  reminder?: { daysFromDue: number };
}

export type SendInvoiceResult =
  | { sent: true; emailMessageId: string; to: string }
  | { sent: false; reason: SendSkipReason };

async function recipientOf(db: DbOrTx, row: InvoiceRow, given?: string | null): Promise<string | null> {
  if (given?.trim()) return given.trim();
  if (row.buyer?.email) return row.buyer.email;
  if (!row.customerId) return null;
  const [c] = await db
    .select({ email: customers.email })
    .from(customers)
    .where(and(eq(customers.businessId, row.businessId), eq(customers.id, row.customerId)))
    .limit(1);
  return c?.email ?? null;
}

/**
 * Emails an issued document to its customer (emails/invoice.tsx) with its PDF attached (drawn when the
 * email is delivered), From the business's name and Reply-To the business; or, with `reminder`, a
 * payment reminder. Marks the invoice sent (`sentAt`) and adds "Emailed INV/…" to the customer's
 * timeline, in one transaction with the email's row; delivery follows through the email queue (retried,
 * recorded if it fails).
 * Output: `{ sent: true, emailMessageId, to }`, or for automatic sends `{ sent: false, reason }`.
 * Errors (manual sends): NOT_FOUND; CONFLICT for a draft or a void document; VALIDATION on `to` when there
 * is no address or it is not one.
 */
export async function sendInvoiceEmail(db: Db, input: SendInvoiceInput): Promise<SendInvoiceResult> {
  const row = await invoiceRow(db, input.businessId, input.invoiceId);
  if (row.status === "draft" || row.status === "void") {
    if (input.automatic) return { sent: false, reason: "not_issued" };
    throw new AppError(
      "CONFLICT",
      row.status === "draft" ? "Issue the document before sending it." : "A void document cannot be sent.",
    );
  }
  if (input.automatic && !input.reminder && row.sentAt) return { sent: false, reason: "already_sent" };
  const to = await recipientOf(db, row, input.to);
  if (!to) {
    if (input.automatic) return { sent: false, reason: "no_email" };
    throw new AppError("VALIDATION", "This customer has no email address.", {
      to: "Enter the address to send it to.",
    });
  }
  if (!z.email().safeParse(to).success) {
    if (input.automatic) return { sent: false, reason: "no_email" };
    throw new AppError("VALIDATION", "Enter a valid email address.", { to: "Enter a valid email address." });
  }
  const [business] = await db.select().from(businesses).where(eq(businesses.id, row.businessId)).limit(1);
  const locale = business?.country === "IN" ? "en-IN" : "en-US";
  const sellerName = row.seller?.name || business?.name || "";
  const due = row.kind === "invoice" ? dueOf(row) : 0;
  const label = labels[row.kind];
  const number = row.number ?? "";
  const payOnline = due > 0 && (await onlinePaymentProviders(db, row.businessId)).length > 0;
  const replyTo = await businessReplyTo(db, row.businessId);

  const emailMessageId = await db.transaction(async (tx) => {
    if (input.automatic && !input.reminder) {
      const claimed = await tx
        .update(invoices)
        .set({ sentAt: new Date() })
        .where(and(eq(invoices.id, row.id), eq(invoices.businessId, row.businessId), isNull(invoices.sentAt)))
        .returning({ id: invoices.id });
      if (claimed.length === 0) return null;
    } else if (!input.reminder) {
      await tx
        .update(invoices)
        .set({ sentAt: new Date() })
        .where(and(eq(invoices.id, row.id), eq(invoices.businessId, row.businessId)));
    }
    const { id } = await recordEmail(tx, {
      template: "invoice",
      to,
      businessId: row.businessId,
      fromName: sellerName || undefined,
      replyTo,
      attachments: [
        {
          kind: "invoice_pdf",
          invoiceId: row.id,
          filename: `${number.replace(/[^A-Za-z0-9-]+/g, "-") || "invoice"}.pdf`,
        },
      ],
      props: {
        businessName: sellerName,
        customerName: row.buyer?.name ?? null,
        documentLabel: label,
        number,
        total: formatMoney(row.total, row.currency, locale),
        amountDue: due > 0 ? formatMoney(due, row.currency, locale) : null,
        dueDate:
          row.kind === "invoice" && row.dueDate && row.dueDate !== row.issueDate
            ? formatDate(`${row.dueDate}T12:00:00Z`, "UTC")
            : null,
        purpose: input.reminder ? "reminder" : "sent",
        daysFromDue: input.reminder?.daysFromDue,
        message: input.message ?? null,
        invoiceUrl: publicUrlOf(row),
        payOnline,
      },
    });
    if (row.customerId)
      await recordActivities(tx, [
        {
          businessId: row.businessId,
          customerId: row.customerId,
          type: "invoice_sent",
          actorUserId: input.userId,
          data: {
            invoiceId: row.id,
            number,
            to,
            emailMessageId: id,
            purpose: input.reminder ? "reminder" : "sent",
            automatic: !!input.automatic,
          },
        },
      ]);
    return id;
  });
  if (!emailMessageId) return { sent: false, reason: "already_sent" };
  await dispatchEmail(db, emailMessageId);
  return { sent: true, emailMessageId, to };
}

/** How many invoices one reminder run takes on. */
export const REMINDER_BATCH = 200;

/**
 * Payment reminders due now, across businesses: issued or partly paid invoices that were emailed
 * (`sentAt`), with an address, whose due date is `offset` days from today in their business's time zone
 * for one of the business's reminder offsets (Settings → Billing, e.g. −3, 0, +3, +7), not yet reminded
 * for that offset. Each is claimed by adding the offset to `remindersSent` in the same statement that
 * picks it (`FOR UPDATE SKIP LOCKED`), so a reminder goes out once; a paid or void invoice is never
 * picked. Only the latest due offset is sent: an invoice found late gets one reminder, not a burst.
 * Output: `[{ businessId, invoiceId, daysFromDue }]`, the claimed reminders.
 */
export async function claimDueInvoiceReminders(
  db: DbOrTx,
  opts: { now?: Date; limit?: number } = {},
): Promise<{ businessId: string; invoiceId: string; daysFromDue: number }[]> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? REMINDER_BATCH;
  const rows = await execRows<{ invoice_id: string; business_id: string; offset_days: number }>(
    db,
    sql`
    with due as (
      select i.id, i.business_id, o.offset_days
      from invoices i
      join businesses b on b.id = i.business_id
      join invoice_settings s on s.business_id = i.business_id
      cross join lateral (
        select max(x::int) as offset_days
        from jsonb_array_elements_text(s.reminder_days) x
        where i.due_date + x::int <= (${now.toISOString()}::timestamptz at time zone b.time_zone)::date
          and not i.reminders_sent @> to_jsonb(x::int)
      ) o
      where i.status in ('issued', 'partially_paid') and i.sent_at is not null and i.kind = 'invoice'
        and i.due_date <= (${now.toISOString()}::timestamptz + interval '400 days')::date
        and o.offset_days is not null
        and not i.reminders_sent @> to_jsonb(o.offset_days)
        and i.due_date + o.offset_days > (${now.toISOString()}::timestamptz at time zone b.time_zone)::date - 7
      order by i.due_date
      limit ${limit}
      for update of i skip locked
    )
    update invoices i
    set reminders_sent = (
      select coalesce(jsonb_agg(distinct v), '[]'::jsonb) from (
        select jsonb_array_elements(i.reminders_sent) as v
        union select to_jsonb(x::int) from jsonb_array_elements_text(s.reminder_days) x
          where x::int <= due.offset_days
      ) all_sent
    )
    from due, invoice_settings s
    where i.id = due.id and s.business_id = due.business_id
    returning i.id as invoice_id, i.business_id, due.offset_days`,
  );
  return rows.map((r) => ({
    businessId: r.business_id,
    invoiceId: r.invoice_id,
    daysFromDue: Number(r.offset_days),
  }));
}

/** The ids of a list of invoices that are still unpaid (a reminder claimed before a payment is dropped). */
export async function stillUnpaid(db: DbOrTx, invoiceIds: string[]): Promise<Set<string>> {
  if (invoiceIds.length === 0) return new Set();
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(inArray(invoices.id, invoiceIds), inArray(invoices.status, ["issued", "partially_paid"])));
  return new Set(rows.map((r) => r.id));
}

/**
 * Sends an issued invoice on WhatsApp with one of the business's approved templates, filled with the
 * invoice (the customer's name, amount due, due date, the link to view and pay, the number: see
 * server/domain/invoice-whatsapp.ts) through the WhatsApp sender (`sendWhatsappToCustomer`: consent,
 * the number, the message recorded and put on the timeline, Meta's answer). Marks the invoice sent.
 * Output: the message. Errors: NOT_FOUND; CONFLICT for a draft or void document, or one without a
 * customer; the sender's errors (template not approved, no WhatsApp number, WhatsApp refused).
 */
export async function sendInvoiceWhatsapp(
  db: Db,
  actor: { businessId: string; userId: string | null },
  input: { invoiceId: string; templateId: string },
) {
  const row = await invoiceRow(db, actor.businessId, input.invoiceId);
  if (row.status === "draft" || row.status === "void")
    throw new AppError(
      "CONFLICT",
      row.status === "draft" ? "Issue the document before sending it." : "A void document cannot be sent.",
    );
  if (!row.customerId) throw new AppError("CONFLICT", "This document has no customer to send it to.");
  const template = await getWhatsappTemplate(db, actor.businessId, input.templateId);
  const [business] = await db.select().from(businesses).where(eq(businesses.id, row.businessId)).limit(1);
  const locale = business?.country === "IN" ? "en-IN" : "en-US";
  const link = publicUrlOf(row) ?? "";
  const due = row.kind === "invoice" ? dueOf(row) : row.total;
  const variables = invoiceTemplateVariables(template.slots, {
    customerName: (row.buyer?.name ?? "").replace(/\s*\(.*\)$/, "") || "there",
    amountDue: formatMoney(due, row.currency, locale),
    dueDate:
      row.dueDate && row.dueDate !== row.issueDate
        ? formatDate(`${row.dueDate}T12:00:00Z`, "UTC")
        : "on receipt",
    link,
    linkToken: link.split("/").at(-1) ?? "",
    number: row.number ?? "",
  });
  const message = await sendWhatsappToCustomer(db, actor, {
    customerId: row.customerId,
    templateId: input.templateId,
    variables,
  });
  await db
    .update(invoices)
    .set({ sentAt: new Date() })
    .where(and(eq(invoices.id, row.id), eq(invoices.businessId, row.businessId)));
  return message;
}
