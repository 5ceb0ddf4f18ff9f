import { Resend } from "resend";
import { emailSettings } from "./config";
import { deliveryErrorFromResend, EmailDeliveryError } from "./resend-errors";

export { EmailDeliveryError };

/** What a transport needs of an `email_messages` row. */
export interface OutgoingEmail {
  /** The row id; also Resend's idempotency key, so a retried send is delivered once. */
  id: string;
  transport: "resend" | "dev_outbox";
  from: string;
  /** Reply-To, when set. */
  replyTo?: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Files to attach, already read (Resend sends them base64-encoded). */
  files?: { filename: string; content: Buffer; contentType: string }[];
}

export interface DeliveryResult {
  /** Resend's email id; null for the dev outbox. */
  providerMessageId: string | null;
}

/**
 * Delivers one message through the transport recorded on it.
 * - "resend": `POST /emails` through the Resend SDK with `Idempotency-Key: <row id>` (Resend keeps a
 *   key 24 hours: a repeated request returns the first response without sending again). The SDK
 *   reads RESEND_BASE_URL for its endpoint.
 * - "dev_outbox": nothing leaves the machine; the stored row is the delivered message (/dev/mailbox).
 * Errors: EmailDeliveryError (see its `retriable`). Resend error names and statuses: resend.com/docs/api-reference/errors.
 */
export async function deliverEmail(message: OutgoingEmail): Promise<DeliveryResult> {
  if (message.transport === "dev_outbox") return { providerMessageId: null };

  const { resendApiKey } = emailSettings();
  if (!resendApiKey) {
    throw new EmailDeliveryError(
      "RESEND_API_KEY is not set, so this message cannot be sent through Resend.",
      {
        retriable: false,
        statusCode: null,
      },
    );
  }
  const resend = new Resend(resendApiKey);
  const { data, error, headers } = await resend.emails.send(
    {
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.files?.length
        ? {
            attachments: message.files.map((f) => ({
              filename: f.filename,
              content: f.content,
              contentType: f.contentType,
            })),
          }
        : {}),
    },
    { idempotencyKey: message.id },
  );
  if (error || !data) throw deliveryErrorFromResend(error, headers);
  return { providerMessageId: data.id };
}
