import { z } from "zod";
import { businessProcedure, createTRPCRouter, requirePermission, userProcedure } from "@/server/api/trpc";
import {
  businessOutput,
  createBusinessInput,
  slugSchema,
  updateBusinessInput,
} from "@/server/domain/business";
import * as businesses from "@/server/services/businesses";

export const businessRouter = createTRPCRouter({
  /** Businesses the signed-in user belongs to, with their role. */
  list: userProcedure.query(({ ctx }) => businesses.listBusinessesForUser(ctx.db, ctx.user.id)),
  /** Creates a business owned by the signed-in user. */
  create: userProcedure
    .input(createBusinessInput)
    .mutation(({ ctx, input }) => businesses.createBusiness(ctx.db, ctx.user.id, input)),
  /** Whether a slug is free. */
  slugAvailable: userProcedure
    .input(z.object({ slug: slugSchema }))
    .query(async ({ ctx, input }) => ({ available: await businesses.isSlugAvailable(ctx.db, input.slug) })),
  /** The business (for an API key: the key's business). */
  get: requirePermission("business.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/business",
        protect: true,
        tags: ["Business"],
        summary: "The API key's business",
      },
    })
    .output(businessOutput)
    .query(({ ctx }) => ctx.business),
  /** Your role and what it allows in this business (the UI reads it to hide actions). */
  access: businessProcedure.query(({ ctx }) => ({ role: ctx.role })),
  /** Updates the business profile. */
  update: requirePermission("business.update")
    .input(updateBusinessInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return businesses.updateBusiness(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId, apiKeyId: ctx.actor.apiKeyId },
        fields,
      );
    }),
  /** Counts and onboarding checklist for the dashboard. */
  dashboard: requirePermission("business.read").query(({ ctx }) =>
    businesses.getDashboardSummary(ctx.db, ctx.businessId, ctx.actor.userId),
  ),
});
