import type { DbOrTx } from "@/db/client";
import { emailSettings } from "@/server/email/config";
import { loadMessagingConfig } from "@/server/services/messaging-settings";

/** How a business's campaign emails go out. */
export interface EmailSendingConfig {
  /** Resend API key (the business's, else RESEND_API_KEY); null → the dev outbox. */
  apiKey: string | null;
  from: string;
  replyTo: string | null;
  postalAddress: string | null;
  /** Resend requests per second the business allows (its settings; default 2). */
  ratePerSecond: number;
}

/**
 * The business's email sending settings (`loadMessagingConfig`, secrets decrypted, server-side only).
 * Without a Resend key of its own the app's RESEND_API_KEY applies; without either, the dev outbox.
 */
export async function emailSendingConfig(db: DbOrTx, businessId: string): Promise<EmailSendingConfig> {
  const config = await loadMessagingConfig(db, businessId);
  return {
    apiKey: config.email?.apiKey ?? emailSettings().resendApiKey ?? null,
    from: config.emailFrom,
    replyTo: config.emailReplyTo,
    postalAddress: config.postalAddress,
    ratePerSecond: config.emailRatePerSecond,
  };
}
