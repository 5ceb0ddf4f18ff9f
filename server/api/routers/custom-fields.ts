import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  createCustomFieldInput,
  customFieldIdInput,
  reorderCustomFieldsInput,
  updateCustomFieldInput,
} from "@/server/domain/custom-fields";
import * as customFields from "@/server/services/custom-fields";

export const customFieldsRouter = createTRPCRouter({
  /** The business's custom fields in display order (everyone who can see customers). */
  list: requirePermission("customers.read").query(({ ctx }) =>
    customFields.listCustomFields(ctx.db, ctx.businessId),
  ),
  /** Defines a field; its key is derived from the label and never changes. */
  create: requirePermission("customFields.manage")
    .input(createCustomFieldInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return customFields.createCustomField(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        fields,
      );
    }),
  /** Renames a field, changes its options or whether it is required. */
  update: requirePermission("customFields.manage")
    .input(updateCustomFieldInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return customFields.updateCustomField(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        fields,
      );
    }),
  /** Sets the display order. */
  reorder: requirePermission("customFields.manage")
    .input(reorderCustomFieldsInput)
    .mutation(({ ctx, input }) =>
      customFields.reorderCustomFields(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.customFieldIds,
      ),
    ),
  /** Deletes a field and its values on every customer. */
  delete: requirePermission("customFields.manage")
    .input(customFieldIdInput)
    .mutation(({ ctx, input }) =>
      customFields.deleteCustomField(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.customFieldId,
      ),
    ),
});
