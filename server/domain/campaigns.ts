import { z } from "zod";
import { campaignChannels, campaignStatuses, recipientStatuses } from "@/db/schema/enum-values";
import { type EmailContent, emailContentSchema } from "./email-blocks";
import { segmentRulesInput } from "./segments";

/*
 * Campaigns: the inputs and outputs the tRPC procedures, the REST API (/api/v1/campaigns) and the
 * campaign screens share. The service is server/services/campaigns.
 */

export type CampaignChannel = (typeof campaignChannels)[number];
export type CampaignStatus = (typeof campaignStatuses)[number];
export { campaignChannels, campaignStatuses, recipientStatuses };

/** Who a campaign goes to. */
export const campaignAudienceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("segment"), segmentId: z.uuid() }),
  z.object({ type: z.literal("rules"), rules: segmentRulesInput }),
  z.object({
    type: z.literal("tags"),
    tags: z.array(z.string().trim().min(1).max(100)).min(1, "Pick at least one tag.").max(50),
  }),
  z.object({ type: z.literal("everyone") }),
]);
export type CampaignAudienceInput = z.output<typeof campaignAudienceSchema>;

/** WhatsApp content: an approved template (its slots mapped on the template), or free-form text. */
export const campaignWhatsappSchema = z.object({
  templateId: z.uuid(),
});

/**
 * An A/B test of 2–4 variants: each a subject (email) and/or a template (an email template for email
 * campaigns, a WhatsApp template otherwise). `testPercent` of the audience gets the variants in equal
 * shares; after `waitHours` the variant with the best `metric` rate wins and the rest get it.
 */
export const abTestSchema = z.object({
  variants: z
    .array(
      z
        .object({
          subject: z.string().trim().min(1).max(200).optional(),
          templateId: z.uuid().optional(),
        })
        .refine(
          (v) => v.subject !== undefined || v.templateId !== undefined,
          "Give a subject or a template.",
        ),
    )
    .min(2, "An A/B test has 2 to 4 variants.")
    .max(4, "An A/B test has 2 to 4 variants."),
  /** Share of the audience that gets the test, in percent; the rest gets the winner. */
  testPercent: z.number().int().min(5).max(50).default(20),
  metric: z.enum(["open", "read", "click"]).default("open"),
  /** Hours after the test is sent before the winner is picked. */
  waitHours: z.number().int().min(1).max(72).default(4),
});

const campaignFields = {
  name: z.string().trim().min(1, "Name the campaign.").max(200),
  channel: z.enum(campaignChannels),
  audience: campaignAudienceSchema,
  /** Email content; with `emailTemplateId` the template's content is copied when it is absent. */
  email: emailContentSchema.optional(),
  emailTemplateId: z.uuid().optional(),
  whatsapp: campaignWhatsappSchema.optional(),
  abTest: abTestSchema.nullable().optional(),
  /** When to send (UTC); null = when sent by hand. */
  scheduledAt: z.coerce.date().nullable().optional(),
};

export const createCampaignInput = z.object(campaignFields);
export type CreateCampaignInput = z.output<typeof createCampaignInput>;

export const updateCampaignInput = createCampaignInput.partial().extend({ campaignId: z.uuid() });

export const campaignIdInput = z.object({ campaignId: z.uuid() });

/** What a campaign's report counts (`GET /api/v1/campaigns/{id}/stats`). */
export const campaignStatsOutput = z.object({
  status: z.enum(campaignStatuses),
  targeted: z.number().int(),
  excluded: z.number().int(),
  queued: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  opened: z.number().int(),
  read: z.number().int(),
  clicked: z.number().int(),
  failed: z.number().int(),
  bounced: z.number().int(),
  complained: z.number().int(),
  unsubscribed: z.number().int(),
});
export type CampaignStats = z.output<typeof campaignStatsOutput>;

/** Why a customer of the audience gets no message (the review counts each). */
export const exclusionReasons = [
  "no_address",
  "consent_denied",
  "no_whatsapp_opt_in",
  "no_email_opt_in",
  "duplicate_address",
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export const exclusionReasonLabels: Record<ExclusionReason, string> = {
  no_address: "No address for the channel",
  consent_denied: "Consent denied or unsubscribed",
  no_whatsapp_opt_in: "No WhatsApp opt-in",
  no_email_opt_in: "No email opt-in (the business requires it)",
  duplicate_address: "Same address as another customer",
};

const recipientCounts = { sent: z.number().int(), opened: z.number().int() };

/** A campaign as the API returns it. */
export const campaignOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(campaignChannels),
  status: z.enum(campaignStatuses),
  audience: z.unknown(),
  email: z.unknown().nullable(),
  whatsapp: z.unknown().nullable(),
  abTest: z.unknown().nullable(),
  scheduledAt: z.date().nullable(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  targeted: z.number().int().nullable(),
  excluded: z.number().int().nullable(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const campaignListItemOutput = campaignOutput.extend(recipientCounts);

export const recipientOutput = z.object({
  id: z.number().int(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  channel: z.enum(["email", "whatsapp"]),
  address: z.string().nullable(),
  status: z.enum(recipientStatuses),
  exclusionReason: z.enum(exclusionReasons).nullable(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  sentAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  openedAt: z.date().nullable(),
  readAt: z.date().nullable(),
  clickedAt: z.date().nullable(),
});

export const campaignReviewOutput = z.object({
  audience: z.number().int(),
  reachable: z.object({ email: z.number().int(), whatsapp: z.number().int() }),
  excluded: z.record(z.enum(exclusionReasons), z.number().int()),
  problems: z.record(z.string(), z.string()),
  whatsappDays: z.number().int(),
  whatsappLimit: z.number().int().nullable(),
});

/** An A/B test as a campaign stores it: the input, each variant's copied email, and its progress. */
export interface StoredAbTest {
  variants: Array<{ subject?: string; templateId?: string; email?: EmailContent }>;
  testPercent: number;
  metric: "open" | "read" | "click";
  waitHours: number;
  phase?: "testing" | "decided";
  testStartedAt?: string;
  winner?: number;
  decidedAt?: string;
  /** The test's figures when the winner was picked. */
  results?: Array<{
    variant: number;
    label: string;
    sent: number;
    opened: number;
    clicked: number;
    rate: number;
  }>;
}

/** One variant's result. */
export const abVariantResultOutput = z.object({
  variant: z.number().int(),
  label: z.string(),
  sent: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  /** Share (0–1) of the sent that did the test's metric. */
  rate: z.number(),
});
export const abResultsOutput = z.object({
  phase: z.enum(["draft", "testing", "decided"]),
  metric: z.enum(["open", "read", "click"]),
  winner: z.number().int().nullable(),
  variants: z.array(abVariantResultOutput),
});
