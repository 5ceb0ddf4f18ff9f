import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignRecipients, campaigns, messageTemplates } from "@/db/schema";
import type { CampaignStats, CampaignStatus, CreateCampaignInput } from "@/server/domain/campaigns";
import type { EmailContent } from "@/server/domain/email-blocks";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";
import { AppError } from "@/server/errors";
import { resolveAbTest } from "./ab-test";
import { audienceWhere } from "./audience";
import { checkEmailVariables, checkWhatsappTemplate, emailTemplateContent } from "./content";
import { statsOf } from "./report";
import { type CampaignOutput, type CampaignRow, campaignRow, toOutput } from "./rows";

export {
  type CampaignReview,
  campaignProblems,
  cancelCampaign,
  pauseCampaign,
  resumeCampaign,
  reviewCampaign,
  sendCampaign,
} from "./lifecycle";
export { campaignStats, campaignTimeline, listRecipients, type RecipientOutput } from "./report";
export type { CampaignOutput } from "./rows";

/** Who acts on campaigns: the business, and the user (null for an API key). */
export interface CampaignActor {
  businessId: string;
  userId: string | null;
}

/** Checks and normalises the parts of a create or update that refer to other records. */
async function resolveFields(
  db: DbOrTx,
  businessId: string,
  input: Partial<CreateCampaignInput>,
  current?: Pick<CampaignRow, "channel">,
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
  if (input.abTest !== undefined) {
    const channel = input.channel ?? current?.channel;
    out.abTest =
      input.abTest && channel
        ? ((await resolveAbTest(db, businessId, channel, input.abTest)) as unknown as Record<string, unknown>)
        : null;
  }
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
  const fields = await resolveFields(db, actor.businessId, input, current);
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
  // Recipients carry no foreign key to their campaign (see the table): they are deleted here, first.
  await db.transaction(async (tx) => {
    await tx
      .delete(campaignRecipients)
      .where(
        and(eq(campaignRecipients.businessId, businessId), eq(campaignRecipients.campaignId, campaignId)),
      );
    await tx.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
  });
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

/**
 * The REST shortcut for the audience: `audience`, or `segmentId` alone. Errors: VALIDATION at
 * `audience` when neither is given.
 */
export function audienceFromShortcut(
  audience: CreateCampaignInput["audience"] | undefined,
  segmentId: string | undefined,
): CreateCampaignInput["audience"] {
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
export function emailFromShortcut(
  subject: string | undefined,
  body: string | undefined,
): CreateCampaignInput["email"] {
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
