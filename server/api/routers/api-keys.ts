import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { apiKeyIdInput, createApiKeyInput } from "@/server/domain/api-keys";
import * as apiKeys from "@/server/services/api-keys";

export const apiKeysRouter = createTRPCRouter({
  /** The business's keys, without secrets. */
  list: requirePermission("apiKeys.read").query(({ ctx }) => apiKeys.listApiKeys(ctx.db, ctx.businessId)),
  /** Creates a key; the secret is in this answer only. */
  create: requirePermission("apiKeys.manage")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) =>
      apiKeys.createApiKey(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** Revokes a key at once. */
  revoke: requirePermission("apiKeys.manage")
    .input(apiKeyIdInput)
    .mutation(({ ctx, input }) =>
      apiKeys.revokeApiKey(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.apiKeyId),
    ),
});
