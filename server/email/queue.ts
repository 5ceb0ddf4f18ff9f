import { render, toPlainText } from "@react-email/render";
import { eq } from "drizzle-orm";
import type { ReactElement } from "react";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type EmailAttachmentRef, emailMessages } from "@/db/schema";
import { AppError } from "@/server/errors";
import { sendEvent } from "@/server/jobs/send";
import { logger } from "@/server/logger";
import { emailSettings } from "./config";
import { type EmailTemplateName, type EmailTemplateProps, emailTemplates } from "./templates";

export interface QueueEmailInput<T extends EmailTemplateName> {
  template: T;
  /** One recipient address. */
  to: string;
  props: EmailTemplateProps<T>;
  /** The business the message belongs to, when it is a tenant message (e.g. an invitation). */
  businessId?: string | null;
  /** A display name for the From header in place of EMAIL_FROM's (the address stays the app's). */
  fromName?: string;
  /** Reply-To: where the recipient's reply goes (e.g. the business's address), when valid. */
  replyTo?: string | null;
  /** Files attached when the message is delivered (e.g. an invoice's PDF, drawn then from the invoice). */
  attachments?: EmailAttachmentRef[];
}

/** `EMAIL_FROM` with its display name replaced by `name` (quotes and line breaks removed from it). */
export function fromWithName(from: string, name: string | undefined): string {
  const clean = name?.replace(/["\r\n<>]/g, "").trim();
  if (!clean) return from;
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return `"${clean}" <${address}>`;
}

const recipientSchema = z.email();

/**
 * Renders a template (HTML + plain text), records it in `email_messages` (status `queued`, transport
 * `resend` when RESEND_API_KEY is set, else `dev_outbox`) and asks the send-email background function
 * to deliver it. In development the message's links are logged, so they can be opened from the
 * terminal; every message is also listed at /dev/mailbox.
 *
 * Insert the row outside a long transaction when possible: delivery starts right away, and a row not
 * yet committed is retried until it is visible. Inside a transaction, use `recordEmail` and, after the
 * commit, `dispatchEmail`.
 *
 * @returns the `email_messages` id
 * Errors: AppError VALIDATION (field `to`) for an invalid address; AppError INTERNAL when the message
 * could not be handed to the background executor (the row is then marked `failed` with the reason).
 */
export async function queueEmail<T extends EmailTemplateName>(
  db: DbOrTx,
  input: QueueEmailInput<T>,
): Promise<{ id: string }> {
  const { id } = await recordEmail(db, input);
  await dispatchEmail(db, id);
  return { id };
}

/**
 * The first half of `queueEmail`: renders the template and records the message as `queued`, without
 * asking for its delivery. Meant for a transaction that records the email together with something else
 * (a claim that it was sent once); call `dispatchEmail` after the commit.
 * Errors: AppError VALIDATION (field `to`) for an invalid address.
 */
export async function recordEmail<T extends EmailTemplateName>(
  db: DbOrTx,
  input: QueueEmailInput<T>,
): Promise<{ id: string }> {
  const to = input.to.trim();
  if (!recipientSchema.safeParse(to).success) {
    throw new AppError("VALIDATION", "Enter a valid email address.", { to: "Enter a valid email address." });
  }
  const template = emailTemplates[input.template] as {
    subject: (props: EmailTemplateProps<T>) => string;
    render?: (props: EmailTemplateProps<T>) => ReactElement;
    prerendered?: (props: EmailTemplateProps<T>) => { html: string; text: string };
  };
  const prerendered = template.prerendered?.(input.props);
  const html = prerendered ? prerendered.html : await render(template.render!(input.props));
  const text = prerendered ? prerendered.text : toPlainText(html);
  const links = extractLinks(html);
  const subject = template.subject(input.props);
  const settings = emailSettings();

  const [row] = await db
    .insert(emailMessages)
    .values({
      businessId: input.businessId ?? null,
      template: input.template,
      to,
      from: fromWithName(settings.from, input.fromName),
      replyTo:
        input.replyTo && recipientSchema.safeParse(input.replyTo.trim()).success
          ? input.replyTo.trim()
          : null,
      subject,
      html,
      text,
      links,
      attachments: input.attachments ?? [],
      transport: settings.resendApiKey ? "resend" : "dev_outbox",
    })
    .returning({ id: emailMessages.id });
  if (!row) throw new AppError("INTERNAL", "The email could not be recorded.");

  if (process.env.NODE_ENV !== "production") {
    const linkList = links.length > 0 ? ` — links: ${links.join(" ")} ` : "";
    logger.info(
      { emailMessageId: row.id, to, subject, links },
      `email queued: "${subject}" to ${to}${linkList}`,
    );
  }

  return { id: row.id };
}

/**
 * Asks the send-email background function to deliver a recorded message (again: delivery sends a row
 * at most once, so a repeated request for a row already sent does nothing).
 * Errors: AppError INTERNAL when the request could not be handed to the background executor (the row is
 * then marked `failed` with the reason).
 */
export async function dispatchEmail(db: DbOrTx, emailMessageId: string): Promise<void> {
  try {
    await sendEvent({ name: "email/send.requested", data: { emailMessageId } });
  } catch (err) {
    logger.error({ err, emailMessageId }, "could not hand the email to the background executor");
    await db
      .update(emailMessages)
      .set({ status: "failed", error: `Not handed to the background executor: ${(err as Error).message}` })
      .where(eq(emailMessages.id, emailMessageId));
    throw new AppError("INTERNAL", "The email could not be sent. Try again in a moment.");
  }
}

/**
 * The distinct http(s) links of an HTML document, in order (`href` of anchors, entities decoded).
 * Used to log and show verification, reset and invitation links in development.
 */
export function extractLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const href = decodeEntities((match[1] ?? match[2] ?? "").trim());
    if (/^https?:\/\//i.test(href) && !links.includes(href)) links.push(href);
  }
  return links;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
