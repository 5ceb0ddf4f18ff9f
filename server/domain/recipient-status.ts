import { recipientStatuses } from "@/db/schema/enum-values";

export type RecipientStatus = (typeof recipientStatuses)[number];
export { recipientStatuses };

/**
 * The order a campaign recipient's status moves in. A provider event only moves a recipient to a
 * status of higher rank, so a late or replayed event never moves it backwards (a `delivered` that
 * arrives after `read` leaves it read). Failures rank above successes: a message that bounced after
 * it was reported sent stays bounced. `excluded` and `cancelled` are final.
 */
export const recipientStatusRank: Record<RecipientStatus, number> = {
  held: 0,
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  opened: 4,
  read: 4,
  clicked: 5,
  failed: 6,
  bounced: 6,
  complained: 7,
  excluded: 100,
  cancelled: 100,
};

/** A delivery event a provider reports for a message (Resend `email.*`, WhatsApp `statuses[].status`). */
export type DeliveryEventKind =
  | "sent"
  | "delivered"
  | "opened"
  | "read"
  | "clicked"
  | "failed"
  | "bounced"
  | "complained"
  | "unsubscribed";

/** The recipient status an event moves to (an unsubscribe keeps the status and only stamps the time). */
export function statusOfEvent(kind: DeliveryEventKind): RecipientStatus | null {
  return kind === "unsubscribed" ? null : kind;
}

/** Whether `next` may replace `current` (strictly higher rank). */
export function movesForward(current: RecipientStatus, next: RecipientStatus): boolean {
  return recipientStatusRank[next] > recipientStatusRank[current];
}
