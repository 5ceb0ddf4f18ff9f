import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  abResultsOutput,
  campaignIdInput,
  campaignListItemOutput,
  campaignOutput,
  campaignReviewOutput,
  campaignStatsOutput,
  campaignStatuses,
  createCampaignInput,
  recipientOutput,
  recipientStatuses,
  updateCampaignInput,
} from "@/server/domain/campaigns";
import * as campaigns from "@/server/services/campaigns";
import { abResults } from "@/server/services/campaigns/ab-test";

const tags = ["Campaigns"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const idInput = campaignIdInput.extend(business);
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});
const path = <P extends string>(p: P) => `/campaigns${p}` as const;

/** REST minimal create: `{ name, channel: "email", segmentId, subject, body }` (Markdown body). */
const createInput = createCampaignInput.partial({ audience: true }).extend({
  ...business,
  segmentId: z.uuid().optional(),
  subject: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1).max(100_000).optional(),
});

/**
 * Campaigns: email and WhatsApp messages to an audience, sent now or on schedule, with a report.
 * Reading needs `campaigns.read`; drafting `campaigns.write`; sending, pausing, resuming and cancelling
 * `campaigns.send`.
 */
export const campaignsRouter = createTRPCRouter({
  /** The business's campaigns, newest first (50 a page). */
  list: requirePermission("campaigns.read")
    .meta({ openapi: { method: "GET", path: path(""), protect: true, tags, summary: "List campaigns" } })
    .input(
      z.object({
        ...business,
        status: z.enum(campaignStatuses).optional(),
        cursor: z.string().max(200).optional(),
      }),
    )
    .output(z.object({ items: z.array(campaignListItemOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => campaigns.listCampaigns(ctx.db, ctx.businessId, input)),
  /** One campaign with its counts. */
  get: requirePermission("campaigns.read")
    .meta({
      openapi: { method: "GET", path: path("/{campaignId}"), protect: true, tags, summary: "Get a campaign" },
    })
    .input(idInput)
    .output(campaignOutput.extend({ stats: campaignStatsOutput }))
    .query(({ ctx, input }) => campaigns.getCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /**
   * Creates a draft. The audience is `audience`, or `segmentId` for short; the email is `email`
   * (subject, preheader, blocks), a template (`emailTemplateId`), or `subject` with a Markdown `body`.
   */
  create: requirePermission("campaigns.write")
    .meta({ openapi: { method: "POST", path: path(""), protect: true, tags, summary: "Create a campaign" } })
    .input(createInput)
    .output(campaignOutput)
    .mutation(async ({ ctx, input }) => {
      const { businessId: _, segmentId, subject, body, ...fields } = input;
      return campaigns.createCampaign(ctx.db, actorOf(ctx), {
        ...fields,
        audience: campaigns.audienceFromShortcut(fields.audience, segmentId),
        email: fields.email ?? campaigns.emailFromShortcut(subject, body),
      });
    }),
  /** Changes a draft or scheduled campaign. */
  update: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "PATCH",
        path: path("/{campaignId}"),
        protect: true,
        tags,
        summary: "Update a campaign",
      },
    })
    .input(
      updateCampaignInput.extend({
        ...business,
        subject: z.string().trim().min(1).max(200).optional(),
        body: z.string().trim().min(1).max(100_000).optional(),
      }),
    )
    .output(campaignOutput)
    .mutation(async ({ ctx, input }) => {
      const { businessId: _, subject, body, ...fields } = input;
      const email = fields.email ?? campaigns.emailFromShortcut(subject, body);
      return campaigns.updateCampaign(ctx.db, actorOf(ctx), { ...fields, ...(email ? { email } : {}) });
    }),
  /** The templates a campaign can use: email templates, and WhatsApp templates with their status. */
  contentOptions: requirePermission("campaigns.read")
    .input(z.object(business))
    .output(
      z.object({
        email: z.array(z.object({ id: z.uuid(), name: z.string(), subject: z.string().nullable() })),
        whatsapp: z.array(
          z.object({ id: z.uuid(), name: z.string(), language: z.string(), status: z.string().nullable() }),
        ),
      }),
    )
    .query(({ ctx }) => campaigns.contentOptions(ctx.db, ctx.businessId)),
  /** Copies a campaign as a new draft. */
  duplicate: requirePermission("campaigns.write")
    .input(idInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => campaigns.duplicateCampaign(ctx.db, actorOf(ctx), input.campaignId)),
  /** Deletes a campaign that is not sending. */
  delete: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "DELETE",
        path: path("/{campaignId}"),
        protect: true,
        tags,
        summary: "Delete a campaign",
      },
    })
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await campaigns.deleteCampaign(ctx.db, ctx.businessId, input.campaignId);
      return { id: input.campaignId };
    }),
  /** The review before sending: audience, reachable per channel, exclusions per reason, what is missing. */
  review: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: path("/{campaignId}/review"),
        protect: true,
        tags,
        summary: "Review a campaign's audience",
      },
    })
    .input(idInput)
    .output(campaignReviewOutput)
    .query(({ ctx, input }) => campaigns.reviewCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /** Sends now, or schedules when `scheduledAt` is in the future. REST answers 202; 409 unless draft or scheduled. */
  send: requirePermission("campaigns.send")
    .meta({
      openapi: {
        method: "POST",
        path: path("/{campaignId}/send"),
        protect: true,
        tags,
        summary: "Send or schedule a campaign",
        successDescription: "Accepted (202): sending started or scheduled.",
      },
    })
    .input(idInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => campaigns.sendCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /** Pauses a sending campaign. */
  pause: requirePermission("campaigns.send")
    .meta({
      openapi: { method: "POST", path: path("/{campaignId}/pause"), protect: true, tags, summary: "Pause" },
    })
    .input(idInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => campaigns.pauseCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /** Resumes a paused campaign. */
  resume: requirePermission("campaigns.send")
    .meta({
      openapi: { method: "POST", path: path("/{campaignId}/resume"), protect: true, tags, summary: "Resume" },
    })
    .input(idInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => campaigns.resumeCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /** Cancels a scheduled, sending or paused campaign. */
  cancel: requirePermission("campaigns.send")
    .meta({
      openapi: { method: "POST", path: path("/{campaignId}/cancel"), protect: true, tags, summary: "Cancel" },
    })
    .input(idInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => campaigns.cancelCampaign(ctx.db, ctx.businessId, input.campaignId)),
  /** The report's counts. */
  stats: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: path("/{campaignId}/stats"),
        protect: true,
        tags,
        summary: "Campaign stats",
      },
    })
    .input(idInput)
    .output(campaignStatsOutput)
    .query(({ ctx, input }) => campaigns.campaignStats(ctx.db, ctx.businessId, input.campaignId)),
  /** The recipients, 100 a page, optionally of one status. */
  recipients: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: path("/{campaignId}/recipients"),
        protect: true,
        tags,
        summary: "List a campaign's recipients",
      },
    })
    .input(
      idInput.extend({
        status: z.enum(recipientStatuses).optional(),
        cursor: z.coerce.number().int().positive().optional(),
      }),
    )
    .output(z.object({ items: z.array(recipientOutput), nextCursor: z.number().int().nullable() }))
    .query(({ ctx, input }) =>
      campaigns.listRecipients(ctx.db, ctx.businessId, input.campaignId, {
        status: input.status,
        cursor: input.cursor,
      }),
    ),
  /** The A/B test's variants with their sent, opened, clicked and rate; null without a test. */
  abResults: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: path("/{campaignId}/ab-results"),
        protect: true,
        tags,
        summary: "A/B test results",
      },
    })
    .input(idInput)
    .output(abResultsOutput.nullable())
    .query(({ ctx, input }) => abResults(ctx.db, ctx.businessId, input.campaignId)),
  /** Delivery over time (per hour) for the report's chart. */
  timeline: requirePermission("campaigns.read")
    .input(idInput)
    .output(
      z.array(
        z.object({
          at: z.date(),
          sent: z.number().int(),
          delivered: z.number().int(),
          opened: z.number().int(),
          clicked: z.number().int(),
          failed: z.number().int(),
        }),
      ),
    )
    .query(({ ctx, input }) => campaigns.campaignTimeline(ctx.db, ctx.businessId, input.campaignId)),
});
