import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listNotificationsInput, markNotificationsReadInput } from "@/server/domain/notifications";
import { AppError } from "@/server/errors";
import * as notifications from "@/server/services/notifications";

/** The signed-in member's reader identity; an API key has no notifications of its own. */
function readerOf(ctx: { businessId: string; actor: { userId: string | null } }) {
  if (!ctx.actor.userId) throw new AppError("FORBIDDEN", "An API key has no notifications of its own.");
  return { businessId: ctx.businessId, userId: ctx.actor.userId };
}

export const notificationsRouter = createTRPCRouter({
  /** The caller's notifications in the business, newest first, with the unread count. */
  list: requirePermission("business.read")
    .input(listNotificationsInput)
    .query(({ ctx, input }) => {
      const { businessId: _, ...opts } = input;
      return notifications.listNotifications(ctx.db, readerOf(ctx), opts);
    }),
  /** How many of the caller's notifications are unread (the bell's badge). */
  unreadCount: requirePermission("business.read").query(async ({ ctx }) => ({
    unread: await notifications.unreadCount(ctx.db, readerOf(ctx)),
  })),
  /** Marks some (`ids`) or all (`all: true`) of the caller's notifications read. */
  markRead: requirePermission("business.read")
    .input(markNotificationsReadInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...rest } = input as typeof input & { businessId?: string };
      return notifications.markNotificationsRead(ctx.db, readerOf(ctx), rest as never);
    }),
});
