import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { campaignRecipients, campaigns, customFields, messageTemplates } from "@/db/schema";
import type { CampaignStats, CampaignStatus, CreateCampaignInput } from "@/server/domain/campaigns";
import type { EmailContent } from "@/server/domain/email-blocks";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";
import { checkTemplateVariables } from "@/server/domain/template-variables";
import { AppError } from "@/server/errors";
import { sendEvent } from "@/server/jobs/send";
import { type AudienceCounts, audienceWhere, countAudience, emailRequiresOptIn } from "./audience";
import { statsOf } from "./report";

export { campaignStats, campaignTimeline, listRecipients, type RecipientOutput } from "./report";

/** Who acts on campaigns: the business, and the user (null for an API key). */
export interface CampaignActor {
  businessId: string;
  userId: string | null;
}

type CampaignRow = typeof campaigns.$inferSelect;

/** A campaign as the API returns it. */
export type CampaignOutput = Omit<CampaignRow, "businessId" | "createdBy"> & { createdBy: string | null };

function toOutput(row: CampaignRow): CampaignOutput {
  const { businessId: _b, ...rest } = row;
  return rest;
}

const usesEmail = (channel: CampaignRow["channel"]) => channel !== "whatsapp";
const usesWhatsapp = (channel: CampaignRow["channel"]) => channel !== "email";

async function campaignRow(db: DbOrTx, businessId: string, campaignId: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
  if (!row) throw new AppError("NOT_FOUND", "No such campaign in this business.");
  return row;
}

/** Copies an email template's content (subject, preheader, blocks) of this business. */
async function emailTemplateContent(db: DbOrTx, businessId: string, templateId: string) {
  const [t] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.id, templateId),
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "email"),
      ),
    );
  if (!t) {
    throw new AppError("NOT_FOUND", "No such email template in this business.", {
      emailTemplateId: "No such email template.",
    });
  }
  return { subject: t.subject ?? "", preheader: t.preheader ?? "", blocks: t.blocks };
}

async function checkWhatsappTemplate(db: DbOrTx, businessId: string, templateId: string): Promise<void> {
  const [t] = await db
    .select({ id: messageTemplates.id })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.id, templateId),
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "whatsapp"),
      ),
    );
  if (!t) {
    throw new AppError("NOT_FOUND", "No such WhatsApp template in this business.", {
      "whatsapp.templateId": "No such WhatsApp template.",
    });
  }
}

/**
 * Refuses an email whose variables are unknown or malformed, at their fields (`email.subject`,
 * `email.blocks[2].text`): an unknown variable is an error when the campaign is saved, never a blank in
 * a sent email.
 */
async function checkEmailVariables(db: DbOrTx, businessId: string, email: EmailContent): Promise<void> {
  const keys = await db
    .select({ key: customFields.key })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
  const errors = checkTemplateVariables(
    email,
    keys.map((k) => k.key),
  );
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      "VALIDATION",
      "Check the email's variables.",
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [`email.${k}`, v])),
    );
  }
}

/** Checks and normalises the parts of a create or update that refer to other records. */
async function resolveFields(
  db: DbOrTx,
  businessId: string,
  input: Partial<CreateCampaignInput>,
): Promise<Partial<typeof campaigns.$inferInsert>> {
  const out: Partial<typeof campaigns.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.channel !== undefined) out.channel = input.channel;
  if (input.audience !== undefined) {
    await audienceWhere(db, businessId, input.audience);
    out.audience = input.audience;
  }
  if (input.email !== undefined) out.email = input.email;
  else if (input.emailTemplateId)
    out.email = await emailTemplateContent(db, businessId, input.emailTemplateId);
  if (out.email) await checkEmailVariables(db, businessId, out.email as EmailContent);
  if (input.whatsapp !== undefined) {
    await checkWhatsappTemplate(db, businessId, input.whatsapp.templateId);
    out.whatsapp = input.whatsapp;
  }
  if (input.abTest !== undefined) out.abTest = input.abTest;
  if (input.scheduledAt !== undefined) out.scheduledAt = input.scheduledAt;
  return out;
}

/**
 * Creates a draft campaign. The content may be completed later; the review lists what is missing.
 * Errors: VALIDATION at `audience.*`, `emailTemplateId`, `whatsapp.templateId`.
 */
export async function createCampaign(
  db: DbOrTx,
  actor: CampaignActor,
  input: CreateCampaignInput,
): Promise<CampaignOutput> {
  const fields = await resolveFields(db, actor.businessId, input);
  const [row] = await db
    .insert(campaigns)
    .values({
      businessId: actor.businessId,
      name: input.name,
      channel: input.channel,
      audience: input.audience,
      ...fields,
      status: "draft",
      createdBy: actor.userId,
    })
    .returning();
  return toOutput(row!);
}

/**
 * Changes a draft or scheduled campaign (a scheduled one keeps its schedule, moved when `scheduledAt`
 * changes). Errors: NOT_FOUND; CONFLICT once it is sending or done; VALIDATION as createCampaign.
 */
export async function updateCampaign(
  db: DbOrTx,
  actor: CampaignActor,
  input: { campaignId: string } & Partial<CreateCampaignInput>,
): Promise<CampaignOutput> {
  const current = await campaignRow(db, actor.businessId, input.campaignId);
  if (current.status !== "draft" && current.status !== "scheduled") {
    throw new AppError(
      "CONFLICT",
      `This campaign is ${current.status}; only drafts and scheduled campaigns change.`,
    );
  }
  const fields = await resolveFields(db, actor.businessId, input);
  const [row] = await db
    .update(campaigns)
    .set({ ...fields, updatedAt: new Date() })
    .where(
      and(
        eq(campaigns.id, input.campaignId),
        eq(campaigns.businessId, actor.businessId),
        inArray(campaigns.status, ["draft", "scheduled"]),
      ),
    )
    .returning();
  if (!row) throw new AppError("CONFLICT", "This campaign started sending meanwhile.");
  return toOutput(row);
}

/** A campaign with its counts. Errors: NOT_FOUND. */
export async function getCampaign(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignOutput & { stats: CampaignStats }> {
  const row = await campaignRow(db, businessId, campaignId);
  return { ...toOutput(row), stats: await statsOf(db, row) };
}

/**
 * The business's campaigns, newest first, 50 a page (keyset on created_at, id), optionally of one
 * status. Output: `{ items, nextCursor }` with each campaign's sent/delivered counts.
 */
export async function listCampaigns(
  db: DbOrTx,
  businessId: string,
  opts: { status?: CampaignStatus; cursor?: string; limit?: number } = {},
): Promise<{ items: Array<CampaignOutput & { sent: number; opened: number }>; nextCursor: string | null }> {
  const limit = Math.min(opts.limit ?? 50, 100);
  let after: { at: Date; id: string } | undefined;
  if (opts.cursor) {
    const [at, id] = Buffer.from(opts.cursor, "base64url").toString("utf8").split("|");
    if (!at || !id || Number.isNaN(Date.parse(at))) {
      throw new AppError("VALIDATION", "Invalid cursor.", { cursor: "Invalid cursor." });
    }
    after = { at: new Date(at), id };
  }
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.businessId, businessId),
        opts.status ? eq(campaigns.status, opts.status) : undefined,
        after
          ? or(
              lt(campaigns.createdAt, after.at),
              and(eq(campaigns.createdAt, after.at), lt(campaigns.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const counts = ids.length
    ? await db
        .select({
          campaignId: campaignRecipients.campaignId,
          sent: sql<number>`count(${campaignRecipients.sentAt})::int`,
          opened: sql<number>`count(coalesce(${campaignRecipients.openedAt}, ${campaignRecipients.readAt}))::int`,
        })
        .from(campaignRecipients)
        .where(
          and(eq(campaignRecipients.businessId, businessId), inArray(campaignRecipients.campaignId, ids)),
        )
        .groupBy(campaignRecipients.campaignId)
    : [];
  const byId = new Map(counts.map((c) => [c.campaignId, c]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...toOutput(r),
      sent: byId.get(r.id)?.sent ?? 0,
      opened: byId.get(r.id)?.opened ?? 0,
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}

/**
 * Deletes a campaign that is not sending (its recipients go with it; messages already on timelines
 * stay). Errors: NOT_FOUND; CONFLICT while sending or paused (cancel it first).
 */
export async function deleteCampaign(db: DbOrTx, businessId: string, campaignId: string): Promise<void> {
  const row = await campaignRow(db, businessId, campaignId);
  if (row.status === "sending" || row.status === "paused") {
    throw new AppError("CONFLICT", "Cancel the campaign before deleting it.");
  }
  await db.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
}

/** A new draft with the same channel, audience and content, named "<name> (copy)". Errors: NOT_FOUND. */
export async function duplicateCampaign(
  db: DbOrTx,
  actor: CampaignActor,
  campaignId: string,
): Promise<CampaignOutput> {
  const src = await campaignRow(db, actor.businessId, campaignId);
  const [row] = await db
    .insert(campaigns)
    .values({
      businessId: actor.businessId,
      name: `${src.name} (copy)`.slice(0, 200),
      channel: src.channel,
      audience: src.audience,
      email: src.email,
      whatsapp: src.whatsapp,
      abTest: src.abTest,
      status: "draft",
      createdBy: actor.userId,
    })
    .returning();
  return toOutput(row!);
}

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
  const [where, requiresOptIn, limit] = await Promise.all([
    audienceWhere(db, businessId, row.audience),
    emailRequiresOptIn(db, businessId),
    whatsappMessagingLimit(db, businessId),
  ]);
  const counts = await countAudience(db, where, row.channel, requiresOptIn);
  const wa = counts.reachable.whatsapp;
  return {
    ...counts,
    problems: campaignProblems(row),
    whatsappLimit: limit,
    whatsappDays: limit && wa > 0 ? Math.ceil(wa / limit) : wa > 0 ? 1 : 0,
  };
}

/** The business's Meta messaging limit (unique users per 24 h), null when unlimited or unknown. */
export async function whatsappMessagingLimit(db: DbOrTx, businessId: string): Promise<number | null> {
  const rows = await execRows<{ limit: number | null }>(
    db,
    sql`select whatsapp_messaging_limit as limit from messaging_settings where business_id = ${businessId}`,
  );
  return rows[0]?.limit ?? null;
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
        eq(campaignRecipients.status, "queued"),
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

/**
 * The REST shortcut for the audience: `audience`, or `segmentId` alone. Errors: VALIDATION at
 * `audience` when neither is given.
 */
export async function audienceFromShortcut(
  audience: CreateCampaignInput["audience"] | undefined,
  segmentId: string | undefined,
): Promise<CreateCampaignInput["audience"]> {
  if (audience) return audience;
  if (segmentId) return { type: "segment", segmentId };
  throw new AppError("VALIDATION", "Choose who gets the campaign.", {
    audience: "Give an audience, or a segmentId.",
  });
}

/**
 * The REST shortcut for the email: `subject` with a Markdown `body` becomes the email's content.
 * Output: the content, or undefined when neither is given. Errors: VALIDATION at the missing one.
 */
export async function emailFromShortcut(
  subject: string | undefined,
  body: string | undefined,
): Promise<CreateCampaignInput["email"]> {
  if (subject === undefined && body === undefined) return undefined;
  if (!subject) throw new AppError("VALIDATION", "Write a subject.", { subject: "Write a subject." });
  if (!body) throw new AppError("VALIDATION", "Write the email's body.", { body: "Write the email's body." });
  return { subject, preheader: "", blocks: markdownToBlocks(body) };
}

/** The templates a campaign can use, by name: email ones, and WhatsApp ones with Meta's status. */
export async function contentOptions(db: DbOrTx, businessId: string) {
  const rows = await db
    .select({
      id: messageTemplates.id,
      channel: messageTemplates.channel,
      name: messageTemplates.name,
      subject: messageTemplates.subject,
      language: messageTemplates.language,
      status: messageTemplates.status,
    })
    .from(messageTemplates)
    .where(eq(messageTemplates.businessId, businessId))
    .orderBy(messageTemplates.name, messageTemplates.language);
  return {
    email: rows.filter((r) => r.channel === "email").map(({ id, name, subject }) => ({ id, name, subject })),
    whatsapp: rows
      .filter((r) => r.channel === "whatsapp")
      .map(({ id, name, language, status }) => ({ id, name, language, status })),
  };
}
