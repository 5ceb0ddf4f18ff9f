import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { logger } from "@/server/logger";
import { deliverEmail, EmailDeliveryError } from "./transport";

export type DeliveryOutcome = {
  status: "sent" | "already-sent";
  transport: "resend" | "dev_outbox";
  providerMessageId: string | null;
};

/**
 * Delivers the `email_messages` row `id` once (called by the send-email background function, inside a
 * step). A row already `sent` is not sent again. Each attempt increments `attempts`; success stores
 * `sent`, `providerMessageId`, `sentAt`; a failure stores the error and, on the final attempt or when
 * no retry can help, marks the row `failed` (it is never dropped silently).
 *
 * @param opts.finalAttempt true when the caller will not retry after this attempt
 * Errors: EmailDeliveryError (`retriable` tells whether another attempt can help; a row not found is
 * retriable, as the transaction that inserted it may not be committed yet).
 */
export async function deliverEmailMessage(
  db: DbOrTx,
  id: string,
  opts: { finalAttempt: boolean },
): Promise<DeliveryOutcome> {
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id)).limit(1);
  if (!row) {
    throw new EmailDeliveryError(`Email message ${id} not found.`, { retriable: true, statusCode: null });
  }
  if (row.status === "sent") {
    return { status: "already-sent", transport: row.transport, providerMessageId: row.providerMessageId };
  }
  await db
    .update(emailMessages)
    .set({ attempts: sql`${emailMessages.attempts} + 1` })
    .where(eq(emailMessages.id, id));
  try {
    const files = row.transport === "resend" ? await attachmentFiles(db, row) : [];
    const { providerMessageId } = await deliverEmail({ ...row, files });
    await db
      .update(emailMessages)
      .set({ status: "sent", providerMessageId, sentAt: new Date(), error: null })
      .where(eq(emailMessages.id, id));
    return { status: "sent", transport: row.transport, providerMessageId };
  } catch (err) {
    const failed = opts.finalAttempt || (err instanceof EmailDeliveryError && !err.retriable);
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(emailMessages)
      .set({ error: message, ...(failed ? { status: "failed" as const } : {}) })
      .where(eq(emailMessages.id, id));
    logger.warn({ emailMessageId: id, err, final: failed }, "email delivery failed");
    throw err;
  }
}

/**
 * Reads the files a message names: an invoice's PDF (drawn, or taken from the PDF cache, by
 * `invoicePdf`). Errors: EmailDeliveryError, not retriable, when the invoice is gone.
 */
async function attachmentFiles(
  db: DbOrTx,
  row: typeof emailMessages.$inferSelect,
): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
  if (row.attachments.length === 0) return [];
  const { invoicePdf } = await import("@/server/services/invoices/pdf");
  const files = [];
  for (const a of row.attachments) {
    if (!row.businessId) continue;
    const pdf = await invoicePdf(db, row.businessId, a.invoiceId).catch((err: unknown) => {
      throw new EmailDeliveryError(
        `The attachment ${a.filename} could not be drawn: ${err instanceof Error ? err.message : String(err)}`,
        { retriable: false, statusCode: null },
      );
    });
    files.push({ filename: a.filename, content: Buffer.from(pdf.bytes), contentType: "application/pdf" });
  }
  return files;
}

/**
 * Marks a message `failed` with `error` unless it was sent meanwhile (the send-email function's
 * `onFailure`, after its retries are exhausted).
 */
export async function markEmailFailed(db: DbOrTx, id: string, error: string): Promise<void> {
  await db
    .update(emailMessages)
    .set({ status: "failed", error })
    .where(and(eq(emailMessages.id, id), ne(emailMessages.status, "sent")));
}
