import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, messagingSettings, users } from "@/db/schema";
import type { EmailContent } from "@/server/domain/email-blocks";
import type { TemplateCustomer } from "@/server/domain/template-variables";
import type { PreviewTemplateInput, TemplateContentSource } from "@/server/domain/templates";
import { compileCampaignEmail, type RenderedEmail } from "@/server/email/campaign-render";
import { queueEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { createLimiter, isLimited, retryAfterSeconds } from "@/server/rate-limit";
import { templateCustomerColumns } from "@/server/services/messaging/template-customer";
import { checkEmailContent, customFieldList, emailTemplateRow, type TemplateActor } from "./content";

/*
 * Seeing an email before it is sent: the editor's preview as a customer, and a test to oneself.
 */

/** The content a preview or test renders: unsaved editor content (checked), or a saved email template. */
async function contentOf(
  db: DbOrTx,
  businessId: string,
  source: TemplateContentSource,
): Promise<EmailContent> {
  if (source.content) return checkEmailContent(db, businessId, source.content);
  if (!source.templateId) {
    throw new AppError("VALIDATION", "Give a template or its content.", {
      templateId: "Give a template or its content.",
    });
  }
  const row = await emailTemplateRow(db, businessId, source.templateId);
  return checkEmailContent(db, businessId, {
    subject: row.subject ?? "",
    preheader: row.preheader ?? "",
    blocks: row.blocks,
  });
}

/** A made-up customer for previews without one: the variables' sample values, custom fields by label. */
function sampleCustomer(fields: { key: string; label: string }[]): TemplateCustomer {
  return {
    name: "Asha Rao",
    email: "asha@example.com",
    phone: "+919876543210",
    whatsapp: "+919876543210",
    company: "Rao Traders",
    city: "Pune",
    country: "IN",
    customFields: Object.fromEntries(fields.map((f) => [f.key, `(${f.label})`])),
  };
}

/** The link a preview or test shows for unsubscribing (it unsubscribes nobody). */
const previewUnsubscribeUrl = () => new URL("/unsubscribe/preview", env.APP_URL).toString();

async function renderAs(
  db: DbOrTx,
  businessId: string,
  content: EmailContent,
  customerId: string | undefined,
): Promise<RenderedEmail> {
  const [business] = await db
    .select({
      name: businesses.name,
      phone: businesses.phone,
      postalAddress: messagingSettings.postalAddress,
    })
    .from(businesses)
    .leftJoin(messagingSettings, eq(messagingSettings.businessId, businesses.id))
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!business) throw new AppError("NOT_FOUND", "No such business.");
  const fields = await customFieldList(db, businessId);
  let customer: TemplateCustomer = sampleCustomer(fields);
  if (customerId) {
    const [row] = await db
      .select({
        ...templateCustomerColumns,
      })
      .from(customers)
      .where(
        and(eq(customers.businessId, businessId), eq(customers.id, customerId), isNull(customers.deletedAt)),
      )
      .limit(1);
    if (!row) throw new AppError("NOT_FOUND", "No such customer in this business.");
    customer = row;
  }
  const compiled = await compileCampaignEmail(content, {
    business: { name: business.name, phone: business.phone },
    postalAddress: business.postalAddress,
    customFieldKeys: fields.map((f) => f.key),
  });
  return compiled.render(customer, { unsubscribeUrl: previewUnsubscribeUrl() });
}

/**
 * A template (saved, or unsaved `content`) rendered as a customer of the business, or as a sample customer
 * without `customerId`. Output: `{ subject, html, text }` exactly as a campaign would send it, with a
 * preview unsubscribe link. Errors: NOT_FOUND (template, customer); VALIDATION (content).
 */
export async function previewTemplate(
  db: DbOrTx,
  actor: TemplateActor,
  input: PreviewTemplateInput,
): Promise<RenderedEmail> {
  const content = await contentOf(db, actor.businessId, input);
  return renderAs(db, actor.businessId, content, input.customerId);
}

/** Test sends per user: 20 an hour (enough to iterate on a design, too few to mail anyone in bulk). */
const testSends = createLimiter({ keyPrefix: "template_test_email", points: 20, duration: 60 * 60 });

/**
 * Sends a template (saved, or unsaved `content`) as the sample customer to the signed-in user's own
 * address, through the email queue (template "campaign-test"; the dev outbox without Resend). The subject
 * is prefixed "[Test] ". Output: the queued message's id and the address.
 * Errors: VALIDATION for an API key (no user to send to) or bad content; NOT_FOUND; RATE_LIMITED past
 * 20 test sends per user per hour.
 */
export async function sendTestEmail(
  db: DbOrTx,
  actor: TemplateActor,
  input: TemplateContentSource,
): Promise<{ id: string; to: string }> {
  if (!actor.userId) {
    throw new AppError(
      "VALIDATION",
      "Test emails go to a signed-in member's own address; sign in to send one.",
    );
  }
  const content = await contentOf(db, actor.businessId, input);
  const [user] = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!user?.email) throw new AppError("VALIDATION", "Your account has no email address.");
  try {
    await testSends.consume(actor.userId);
  } catch (e) {
    if (!isLimited(e)) throw e;
    const minutes = Math.ceil(retryAfterSeconds(e) / 60);
    throw new AppError(
      "RATE_LIMITED",
      `You sent many test emails in the last hour. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  const email = await renderAs(db, actor.businessId, content, undefined);
  const queued = await queueEmail(db, {
    template: "campaign-test",
    to: user.email,
    businessId: actor.businessId,
    props: { subject: `[Test] ${email.subject}`, html: email.html, text: email.text },
  });
  return { id: queued.id, to: user.email };
}
