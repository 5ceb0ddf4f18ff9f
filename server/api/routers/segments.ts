import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { customerFilterInput, customerOutput } from "@/server/domain/customers";
import {
  createSegmentInput,
  previewSegmentInput,
  segmentIdInput,
  segmentOutput,
  updateSegmentInput,
} from "@/server/domain/segments";
import * as segments from "@/server/services/segments";

const tags = ["Segments"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});

/**
 * Segments: named rules over the business's customers, evaluated when used (the list, campaigns).
 * Reading needs `customers.read`; saving, changing and deleting need `customers.write`.
 */
export const segmentsRouter = createTRPCRouter({
  /** The business's segments, by name. */
  list: requirePermission("customers.read")
    .meta({ openapi: { method: "GET", path: "/segments", protect: true, tags, summary: "List segments" } })
    .input(z.object(business))
    .output(z.object({ data: z.array(segmentOutput) }))
    .query(async ({ ctx }) => ({ data: await segments.listSegments(ctx.db, ctx.businessId) })),
  /** One segment. */
  get: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/segments/{segmentId}",
        protect: true,
        tags,
        summary: "Get a segment",
      },
    })
    .input(segmentIdInput.extend(business))
    .output(segmentOutput)
    .query(({ ctx, input }) => segments.getSegment(ctx.db, ctx.businessId, input.segmentId)),
  /** Saves rules as a segment; a 400 names the path of each mistake in the rules. */
  create: requirePermission("customers.write")
    .meta({
      openapi: { method: "POST", path: "/segments", protect: true, tags, summary: "Create a segment" },
    })
    .input(createSegmentInput.extend(business))
    .output(segmentOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return segments.createSegment(ctx.db, actorOf(ctx), fields);
    }),
  /** Renames a segment or replaces its description or rules. */
  update: requirePermission("customers.write")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/segments/{segmentId}",
        protect: true,
        tags,
        summary: "Update a segment",
      },
    })
    .input(updateSegmentInput.extend(business))
    .output(segmentOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return segments.updateSegment(ctx.db, actorOf(ctx), fields);
    }),
  /** Copies a segment as "<name> (copy)". */
  duplicate: requirePermission("customers.write")
    .input(segmentIdInput.extend(business))
    .output(segmentOutput)
    .mutation(({ ctx, input }) => segments.duplicateSegment(ctx.db, actorOf(ctx), input.segmentId)),
  /** Deletes a segment (its customers are not touched). */
  delete: requirePermission("customers.write")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/segments/{segmentId}",
        protect: true,
        tags,
        summary: "Delete a segment",
      },
    })
    .input(segmentIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => segments.deleteSegment(ctx.db, ctx.businessId, input.segmentId)),
  /** How many live customers a segment matches now. */
  count: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/segments/{segmentId}/count",
        protect: true,
        tags,
        summary: "Count a segment's customers",
      },
    })
    .input(segmentIdInput.extend(business))
    .output(z.object({ count: z.number().int() }))
    .query(({ ctx, input }) => segments.countSegment(ctx.db, ctx.businessId, input.segmentId)),
  /** The rule builder's live preview: the count and the first customers (newest first) for rules. */
  preview: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "POST",
        path: "/segments/preview",
        protect: true,
        tags,
        summary: "Preview rules",
        description: "How many customers the rules match now and the first `limit` (default 20) of them.",
      },
    })
    .input(previewSegmentInput.extend(business))
    .output(z.object({ count: z.number().int(), sample: z.array(customerOutput) }))
    .query(({ ctx, input }) => segments.previewSegment(ctx.db, ctx.businessId, input.rules, input.limit)),
  /**
   * "Save as segment" from the customers list: the rules its filter stands for (conditions, its segment's
   * rules and its own rules), and which parts a segment cannot hold (`search`, `needsReview`).
   */
  rulesFromFilter: requirePermission("customers.read")
    .input(z.object({ businessId: z.uuid(), filter: customerFilterInput }))
    .output(
      z.object({
        rules: segmentOutput.shape.rules,
        leftOut: z.array(z.enum(["search", "needsReview"])),
      }),
    )
    .query(({ ctx, input }) => segments.rulesFromFilter(ctx.db, ctx.businessId, input.filter)),
});
