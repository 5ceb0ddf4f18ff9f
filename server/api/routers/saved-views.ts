import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { createSavedViewInput, savedViewIdInput, updateSavedViewInput } from "@/server/domain/saved-views";
import * as savedViews from "@/server/services/saved-views";

type Ctx = { businessId: string; actor: { userId: string | null }; role: savedViews.SavedViewActor["role"] };
const actorOf = (ctx: Ctx): savedViews.SavedViewActor => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
  role: ctx.role,
});

/** Saved views of the customers list: personal, or shared with the business (owners and admins). */
export const savedViewsRouter = createTRPCRouter({
  /** The caller's views and the shared ones. */
  list: requirePermission("customers.read").query(({ ctx }) =>
    savedViews.listSavedViews(ctx.db, actorOf(ctx)),
  ),
  /** One view. */
  get: requirePermission("customers.read")
    .input(savedViewIdInput)
    .query(({ ctx, input }) => savedViews.getSavedView(ctx.db, actorOf(ctx), input.savedViewId)),
  /** Saves the current filters, sort and columns as a view. */
  create: requirePermission("customers.read")
    .input(createSavedViewInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return savedViews.createSavedView(ctx.db, actorOf(ctx), fields);
    }),
  /** Renames a view or replaces its filters, sort, columns or sharing. */
  update: requirePermission("customers.read")
    .input(updateSavedViewInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return savedViews.updateSavedView(ctx.db, actorOf(ctx), fields);
    }),
  /** Deletes a view. */
  delete: requirePermission("customers.read")
    .input(savedViewIdInput)
    .mutation(({ ctx, input }) => savedViews.deleteSavedView(ctx.db, actorOf(ctx), input.savedViewId)),
});
