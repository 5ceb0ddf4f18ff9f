import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { whatsappMessages } from "@/db/schema";
import { recordTimeline } from "./timeline";

/** Minutes after which a one-to-one message still `sending` is taken as interrupted. */
export const INTERRUPTED_AFTER_MINUTES = 10;
/** Messages settled per call. */
export const INTERRUPTED_BATCH_SIZE = 200;

/** The error code and sentence an interrupted message is recorded with. */
export const INTERRUPTED_ERROR = {
  code: "interrupted",
  message:
    "The app stopped while this message was being sent and WhatsApp never confirmed it, so it may not have arrived. Check the chat on WhatsApp before sending it again.",
} as const;

/**
 * One-to-one WhatsApp messages whose send was cut off: recorded `sending` before the provider call
 * (`sendWhatsappToCustomer`), with no Meta message id more than `INTERRUPTED_AFTER_MINUTES` before
 * `now` (the process stopped mid-call, so neither `sent` nor `failed` was written and no status
 * webhook can match them). Each is marked `failed` with `INTERRUPTED_ERROR` and gets its timeline
 * entry, so it is never left spinning or silently lost; whether Meta delivered it cannot be known here.
 * Rows are taken oldest first, up to `limit`, with `FOR UPDATE SKIP LOCKED` (parallel runs take
 * different rows). Output: `{ settled, more }` (`more`: the batch was full).
 */
export async function settleInterruptedWhatsappMessages(
  db: DbOrTx,
  opts: { now: Date; limit?: number },
): Promise<{ settled: number; more: boolean }> {
  const limit = opts.limit ?? INTERRUPTED_BATCH_SIZE;
  const cutoff = new Date(opts.now.getTime() - INTERRUPTED_AFTER_MINUTES * 60_000);
  const settled = await db.transaction(async (tx) => {
    const picked = await tx
      .select({ id: whatsappMessages.id })
      .from(whatsappMessages)
      .where(
        and(
          eq(whatsappMessages.status, "sending"),
          isNull(whatsappMessages.providerMessageId),
          lt(whatsappMessages.createdAt, cutoff),
        ),
      )
      .orderBy(asc(whatsappMessages.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (picked.length === 0) return [];
    const rows = await tx
      .update(whatsappMessages)
      .set({
        status: "failed",
        errorCode: INTERRUPTED_ERROR.code,
        error: INTERRUPTED_ERROR.message,
        failedAt: opts.now,
      })
      .where(
        and(
          inArray(
            whatsappMessages.id,
            picked.map((p) => p.id),
          ),
          eq(whatsappMessages.status, "sending"),
        ),
      )
      .returning();
    for (const row of rows) await recordTimeline(tx, { businessId: row.businessId, userId: row.sentBy }, row);
    return rows;
  });
  return { settled: settled.length, more: settled.length === limit };
}
