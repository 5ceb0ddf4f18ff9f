import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignRecipients, campaigns } from "@/db/schema";
import type { CampaignStatus } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { sendEvent } from "@/server/jobs/send";
import { type AudienceCounts, audienceWhere, countAudience, sendingRules } from "./audience";
import {
  type CampaignOutput,
  type CampaignRow,
  campaignRow,
  toOutput,
  usesEmail,
  usesWhatsapp,
} from "./rows";

/*
 * A campaign's way to the send: the review of who gets it, then send or schedule, pause, resume and
 * cancel (each one conditional UPDATE of the status, then the send function is asked to run).
 */

/** What the review shows before sending. */
export interface CampaignReview extends AudienceCounts {
  /** Problems that stop sending, keyed by field (`email`, `whatsapp.templateId`, `audience`). */
  problems: Record<string, string>;
  /** Messages that need the WhatsApp daily limit to be split across days. */
  whatsappDays: number;
  whatsappLimit: number | null;
}

/** What is missing before a campaign can be sent, keyed by field. */
export function campaignProblems(
  row: Pick<CampaignRow, "channel" | "email" | "whatsapp">,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (usesEmail(row.channel) && !row.email) problems.email = "Write the email (or pick a template).";
  if (usesWhatsapp(row.channel) && !row.whatsapp)
    problems["whatsapp.templateId"] = "Pick a WhatsApp template.";
  return problems;
}

/**
 * The review before sending: the audience, who is reachable on which channel, who is excluded and why
 * (each counted), what is missing, and for WhatsApp the business's messaging limit with the number of
 * days the sends are split across. Errors: NOT_FOUND; VALIDATION when the audience's segment is gone.
 */
export async function reviewCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignReview> {
  const row = await campaignRow(db, businessId, campaignId);
  const [where, rules] = await Promise.all([
    audienceWhere(db, businessId, row.audience),
    sendingRules(db, businessId),
  ]);
  const counts = await countAudience(db, where, row.channel, rules.emailRequiresOptIn);
  const limit = rules.whatsappMessagingLimit;
  const wa = counts.reachable.whatsapp;
  return {
    ...counts,
    problems: campaignProblems(row),
    whatsappLimit: limit,
    whatsappDays: limit && wa > 0 ? Math.ceil(wa / limit) : wa > 0 ? 1 : 0,
  };
}

/**
 * Sends a campaign: a draft whose `scheduledAt` is in the future becomes `scheduled`; otherwise (a
 * draft, or a scheduled campaign sent now) it becomes `sending`. The status moves in one conditional
 * UPDATE, then the send function is asked to run (it waits until the scheduled time).
 * Output: the campaign. Errors: NOT_FOUND; CONFLICT (HTTP 409) when it is not a draft or scheduled
 * (nothing more is sent); VALIDATION with what is missing (`email`, `whatsapp.templateId`).
 */
export async function sendCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
  now: Date = new Date(),
): Promise<CampaignOutput> {
  const current = await campaignRow(db, businessId, campaignId);
  if (current.status !== "draft" && current.status !== "scheduled") {
    throw new AppError(
      "CONFLICT",
      `This campaign is ${current.status}; only a draft or a scheduled campaign is sent.`,
    );
  }
  const problems = campaignProblems(current);
  if (Object.keys(problems).length > 0) {
    throw new AppError("VALIDATION", "This campaign is not ready to send.", problems);
  }
  const later =
    current.status === "draft" &&
    current.scheduledAt !== null &&
    current.scheduledAt.getTime() > now.getTime();
  const [row] = await db
    .update(campaigns)
    .set({ status: later ? "scheduled" : "sending", startedAt: later ? null : now, updatedAt: now })
    .where(
      and(
        eq(campaigns.id, campaignId),
        eq(campaigns.businessId, businessId),
        eq(campaigns.status, current.status),
      ),
    )
    .returning();
  if (!row) throw new AppError("CONFLICT", "This campaign changed meanwhile; reload it.");
  await sendEvent({ name: "campaigns/send.requested", data: { campaignId, businessId } });
  return toOutput(row);
}

/** Pauses a sending campaign: batches not started yet wait. Errors: NOT_FOUND; CONFLICT unless sending. */
export async function pauseCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignOutput> {
  return transition(db, businessId, campaignId, ["sending"], "paused");
}

/**
 * Resumes a paused campaign: the remaining queued recipients are sent. Errors: NOT_FOUND; CONFLICT
 * unless paused.
 */
export async function resumeCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignOutput> {
  const row = await transition(db, businessId, campaignId, ["paused"], "sending");
  await sendEvent({ name: "campaigns/send.requested", data: { campaignId, businessId } });
  return row;
}

/**
 * Cancels a scheduled, sending or paused campaign: recipients still queued become `cancelled` (a
 * batch already at the provider finishes). Errors: NOT_FOUND; CONFLICT otherwise.
 */
export async function cancelCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignOutput> {
  const row = await transition(db, businessId, campaignId, ["scheduled", "sending", "paused"], "cancelled");
  await db
    .update(campaignRecipients)
    .set({ status: "cancelled" })
    .where(
      and(
        eq(campaignRecipients.businessId, businessId),
        eq(campaignRecipients.campaignId, campaignId),
        inArray(campaignRecipients.status, ["queued", "held"]),
      ),
    );
  return row;
}

async function transition(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
  from: CampaignStatus[],
  to: CampaignStatus,
): Promise<CampaignOutput> {
  const [row] = await db
    .update(campaigns)
    .set({ status: to, updatedAt: new Date(), ...(to === "cancelled" ? { completedAt: new Date() } : {}) })
    .where(
      and(
        eq(campaigns.id, campaignId),
        eq(campaigns.businessId, businessId),
        inArray(campaigns.status, from),
      ),
    )
    .returning();
  if (!row) {
    const current = await campaignRow(db, businessId, campaignId);
    throw new AppError("CONFLICT", `This campaign is ${current.status}.`);
  }
  return toOutput(row);
}
