import { and, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businessMembers, emailMessages, formSubmissionEffects, formSubmissions, users } from "@/db/schema";
import { checkAnswers } from "@/server/domain/lead-form-answers";
import { answerEntries } from "@/server/domain/lead-form-display";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";
import { customerVariable, renderTemplateText } from "@/server/domain/template-variables";
import { recordEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { getCustomerRow } from "@/server/services/customers";
import { businessReplyTo } from "@/server/services/messaging-settings";
import { notifyMembers } from "@/server/services/notifications";
import { createTask } from "@/server/services/tasks";
import { loadSubmission, type SubmissionForProcessing } from "./load";

/*
 * The side effects of a processed submission: the follow-up task, the notification emails and the
 * auto-reply. Each runs in a transaction that first claims it (`form_submission_effects`, primary key
 * (submission, effect)) with the submission row locked, then does it: a retry after a crash finds the
 * claim committed with the effect, or neither. Emails are recorded in that transaction and handed to the
 * send-email function after it (`dispatchEmail`); a run that finds an email recorded but not sent hands
 * it over again, which delivers it at most once.
 */

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Runs `effect` once per (submission, name): inside one transaction with the submission locked, claims
 * the name and runs `effect`, which returns the id of what it made (stored as `ref_id`). A name already
 * claimed returns `{ ref, fresh: false }` without running. `effect` returning undefined claims with no ref
 * (nothing to do, e.g. no recipient).
 */
async function once(
  db: Db,
  businessId: string,
  submissionId: string,
  name: string,
  effect: (tx: Tx, loaded: SubmissionForProcessing) => Promise<string | null | undefined>,
): Promise<{ ref: string | null; fresh: boolean } | null> {
  return db.transaction(async (tx) => {
    const loaded = await loadSubmission(tx, businessId, submissionId, { lock: true });
    if (!loaded?.definition) return null;
    const [claimed] = await tx
      .select({ refId: formSubmissionEffects.refId })
      .from(formSubmissionEffects)
      .where(
        and(eq(formSubmissionEffects.submissionId, submissionId), eq(formSubmissionEffects.effect, name)),
      )
      .limit(1);
    if (claimed) return { ref: claimed.refId, fresh: false };
    const ref = (await effect(tx, loaded as SubmissionForProcessing)) ?? null;
    await tx.insert(formSubmissionEffects).values({ submissionId, businessId, effect: name, refId: ref });
    return { ref, fresh: true };
  });
}

async function memberIds(db: DbOrTx, businessId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: businessMembers.userId })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), inArray(businessMembers.userId, [...userIds])));
  return new Set(rows.map((r) => r.userId));
}

/**
 * The follow-up task of a submission, when the form asks for one: titled from the form's template
 * (`{{customer.name}}` and the other customer variables), due `dueInHours` after the submission, assigned
 * to the form's assignee, else the customer's owner, else nobody (whoever is not a member any more is
 * skipped). Output: the task id, or null (no task asked, or no customer). Once per submission.
 */
export async function createFollowUpTask(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<string | null> {
  const done = await once(db, businessId, submissionId, "task", async (tx, { submission, definition }) => {
    const t = definition.settings.followUpTask;
    if (!t.enabled || !submission.customerId) return null;
    const customer = await getCustomerRow(tx, businessId, submission.customerId);
    const candidates = [t.assigneeId, customer.ownerId].filter((id): id is string => !!id);
    const members = await memberIds(tx, businessId, candidates);
    const assigneeId = candidates.find((id) => members.has(id)) ?? null;
    const title =
      renderTemplateText(t.title, (path) => customerVariable(customer, path))
        .trim()
        .slice(0, 200) || `Follow up with ${customer.name}`.slice(0, 200);
    const task = await createTask(
      tx,
      { businessId, userId: null },
      {
        title,
        description: `From the form “${definition.settings.title}”.`,
        dueAt: new Date(submission.createdAt.getTime() + t.dueInHours * 3_600_000),
        assigneeId,
        customerId: customer.id,
      },
    );
    return task.id;
  });
  return done?.ref ?? null;
}

/** Emails recorded by an effect but not yet delivered (to hand to the send-email function again). */
async function undelivered(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(and(inArray(emailMessages.id, [...ids]), eq(emailMessages.status, "queued")));
  return rows.map((r) => r.id);
}

/**
 * Records one notification email per recipient of the form (members by user id, who must still be
 * members, and plain addresses; each address once), in the effect `notify:<address>`. Output: the ids of
 * the emails to hand to the send-email function (new ones and earlier ones still queued).
 */
export async function recordNotifications(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<string[]> {
  const loaded = await loadSubmission(db, businessId, submissionId);
  if (!loaded?.definition || !loaded.submission.customerId) return [];
  const notify = loaded.definition.settings.notify;
  const members = await memberIds(db, businessId, notify.userIds);
  const memberEmails = members.size
    ? await db
        .select({ email: users.email })
        .from(users)
        .where(inArray(users.id, [...members]))
    : [];
  const addresses = [
    ...new Set([...memberEmails.map((u) => u.email), ...notify.emails].map((e) => e.trim().toLowerCase())),
  ].filter(Boolean);
  const ids: string[] = [];
  for (const address of addresses) {
    const done = await once(db, businessId, submissionId, `notify:${address}`, async (tx, l) => {
      const customer = await getCustomerRow(tx, businessId, l.submission.customerId!);
      const checked = checkAnswers(l.definition.fields, l.submission.answers, l.definition.settings.language);
      const answers = checked.ok ? answerEntries(l.definition.fields, checked.answers) : [];
      try {
        const { id } = await recordEmail(tx, {
          template: "lead-form-notification",
          to: address,
          businessId,
          props: {
            businessName: l.business.name,
            formTitle: l.definition.settings.title,
            customerName: customer.name,
            // Created by this submission: the customer is younger than the submission.
            created: customer.createdAt.getTime() >= l.submission.createdAt.getTime(),
            answers: answers.map(({ label, value }) => ({ label, value })),
            source: customer.source,
            url: new URL(`/b/${l.business.slug}/customers/${customer.id}`, env.APP_URL).toString(),
          },
        });
        return id;
      } catch (e) {
        if (e instanceof AppError && e.code === "VALIDATION") {
          logger.warn({ submissionId, address }, "lead form notification skipped: invalid address");
          return null;
        }
        throw e;
      }
    });
    if (done?.ref) ids.push(done.ref);
  }
  return undelivered(db, ids);
}

/**
 * The in-app notification of a new submission for each member the form notifies (`notify.userIds`, who
 * must still be members), opening the customer. Effect `in_app`, once per submission. Output: how many
 * members were notified (0 when the effect ran before).
 */
export async function recordInAppNotifications(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<number> {
  let notified = 0;
  await once(db, businessId, submissionId, "in_app", async (tx, l) => {
    const customerId = l.submission.customerId;
    if (!customerId || l.definition.settings.notify.userIds.length === 0) return null;
    const customer = await getCustomerRow(tx, businessId, customerId);
    const created = customer.createdAt.getTime() >= l.submission.createdAt.getTime();
    notified = await notifyMembers(tx, businessId, l.definition.settings.notify.userIds, {
      kind: "lead_form_submission",
      title: `${created ? "New lead" : "New submission"}: ${customer.name}`,
      body: `Sent the form “${l.definition.settings.title}”${customer.source ? ` (source: ${customer.source})` : ""}.`,
      url: `/b/${l.business.slug}/customers/${customer.id}`,
    });
    return null;
  });
  return notified;
}

/**
 * Where a visitor's reply to the auto-reply goes: the business's Reply-To (messaging settings), else the
 * form's first notified address, else its first notified member's email; null when there is none (the
 * reply then goes to the From address).
 */
async function autoReplyTo(
  db: DbOrTx,
  businessId: string,
  notify: { userIds: string[]; emails: string[] },
): Promise<string | null> {
  const configured = await businessReplyTo(db, businessId);
  if (configured) return configured;
  if (notify.emails[0]) return notify.emails[0];
  const members = [...(await memberIds(db, businessId, notify.userIds))];
  if (members.length === 0) return null;
  const [first] = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, notify.userIds.find((id) => members.includes(id))!))
    .limit(1);
  return first?.email ?? null;
}

/** Backslash-escapes Markdown punctuation in a visitor's value, so it stays text in the business's Markdown. */
function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

/**
 * Records the auto-reply to the visitor, when the form has it on and the submission has an email
 * address: the subject and the Markdown body with the customer variables filled in (a visitor's values
 * are escaped, so they can never become links or formatting), read into email blocks and rendered by
 * emails/lead-form-auto-reply.tsx, From the business's name, Reply-To the business (`autoReplyTo`). Effect `auto_reply`. Output: the email ids
 * to hand to the send-email function (empty when there is none or it was delivered).
 */
export async function recordAutoReply(db: Db, businessId: string, submissionId: string): Promise<string[]> {
  const done = await once(db, businessId, submissionId, "auto_reply", async (tx, l) => {
    const reply = l.definition.settings.autoReply;
    if (!reply.enabled || !reply.subject.trim() || !l.submission.customerId) return null;
    const checked = checkAnswers(l.definition.fields, l.submission.answers, l.definition.settings.language);
    if (!checked.ok) return null;
    const emailField = l.definition.fields.find(
      (f) => f.type === "email" && typeof checked.answers[f.key] === "string",
    );
    const to = emailField ? (checked.answers[emailField.key] as string) : null;
    if (!to) return null;
    const customer = await getCustomerRow(tx, businessId, l.submission.customerId);
    const resolve = (path: string) =>
      path === "business.name" ? l.business.name : customerVariable(customer, path);
    const subject = renderTemplateText(reply.subject, resolve)
      .replace(/[\r\n]+/g, " ")
      .trim()
      .slice(0, 200);
    const body = renderTemplateText(reply.body, (path) => escapeMarkdown(resolve(path)));
    const { id } = await recordEmail(tx, {
      template: "lead-form-auto-reply",
      to,
      businessId,
      fromName: l.business.name,
      replyTo: await autoReplyTo(tx, businessId, l.definition.settings.notify),
      props: {
        businessName: l.business.name,
        subject,
        formTitle: l.definition.settings.title,
        blocks: markdownToBlocks(body),
      },
    });
    return id;
  });
  return done?.ref ? undelivered(db, [done.ref]) : [];
}

/** Marks a submission processed (its customer made and its effects done). */
export async function markProcessed(db: DbOrTx, businessId: string, submissionId: string): Promise<void> {
  await db
    .update(formSubmissions)
    .set({ status: "processed", processedAt: new Date(), error: null })
    .where(and(eq(formSubmissions.id, submissionId), eq(formSubmissions.businessId, businessId)));
}

/** Marks a submission failed with the reason (kept, and shown to the business; a retry may process it). */
export async function markFailed(
  db: DbOrTx,
  businessId: string,
  submissionId: string,
  error: string,
): Promise<void> {
  await db
    .update(formSubmissions)
    .set({ status: "failed", error: error.slice(0, 1_000) })
    .where(
      and(
        eq(formSubmissions.id, submissionId),
        eq(formSubmissions.businessId, businessId),
        inArray(formSubmissions.status, ["received", "failed"]),
      ),
    );
}
