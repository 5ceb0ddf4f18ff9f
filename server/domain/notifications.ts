import { z } from "zod";
import { notificationKinds } from "@/db/schema/enum-values";

/** In-app notifications: contracts shared by the router, the service and the bell. */

export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** Newest first, keyset pages (`cursor` from the previous page's `nextCursor`). */
export const listNotificationsInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
  /** Only the unread ones. */
  unread: z.boolean().optional(),
});
export type ListNotificationsInput = z.output<typeof listNotificationsInput>;

/** Marks the given notifications read (`ids`), or all of the caller's in the business (`all`). */
export const markNotificationsReadInput = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(100) }),
  z.object({ all: z.literal(true) }),
]);
export type MarkNotificationsReadInput = z.output<typeof markNotificationsReadInput>;

export const notificationOutput = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string().nullable(),
  /** An app path to open, or null. */
  url: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type NotificationOutput = z.infer<typeof notificationOutput>;

/** Longest title and body kept (longer ones are cut with an ellipsis). */
export const NOTIFICATION_LIMITS = { title: 200, body: 1_000 } as const;

/** `text` cut to `max` characters, ending in "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
