import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { whatsappMessages } from "@/db/schema";
import { recordActivities } from "@/server/services/activities";
import { syncTimelineStatus } from "./status";

type MessageRow = typeof whatsappMessages.$inferSelect;

/** The message's `message_sent` timeline entry (text or template name, status, error when failed). */
export async function recordTimeline(
  db: DbOrTx,
  actor: { businessId: string; userId: string | null },
  row: MessageRow,
): Promise<void> {
  await recordActivities(db, [
    {
      businessId: actor.businessId,
      customerId: row.customerId,
      type: "message_sent",
      actorUserId: actor.userId,
      data: {
        channel: "whatsapp",
        whatsappMessageId: row.id,
        text: row.text,
        ...(row.templateName ? { templateName: row.templateName } : {}),
        status: row.status,
        ...(row.error ? { error: row.error } : {}),
      },
    },
  ]);
  // A status webhook may have arrived between the send and this entry: bring it up to date.
  const [current] = await db
    .select({ status: whatsappMessages.status, error: whatsappMessages.error })
    .from(whatsappMessages)
    .where(and(eq(whatsappMessages.businessId, actor.businessId), eq(whatsappMessages.id, row.id)));
  if (current && current.status !== row.status) await syncTimelineStatus(db, { ...row, ...current });
}
