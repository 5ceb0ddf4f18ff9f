import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { messagingSettings } from "@/db/schema";
import { openSecret } from "@/server/crypto/secret-box";
import { emailSettings } from "@/server/email/config";

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
 * The business's email sending settings, secrets decrypted (server-side only; never returned by an
 * API). Without a key of its own the app's RESEND_API_KEY and EMAIL_FROM apply; without either, the
 * dev outbox.
 */
export async function emailSendingConfig(db: DbOrTx, businessId: string): Promise<EmailSendingConfig> {
  const [row] = await db.select().from(messagingSettings).where(eq(messagingSettings.businessId, businessId));
  const app = emailSettings();
  return {
    apiKey: row?.resendApiKeyEnc ? openSecret(row.resendApiKeyEnc) : (app.resendApiKey ?? null),
    from: row?.emailFrom || app.from,
    replyTo: row?.emailReplyTo ?? null,
    postalAddress: row?.postalAddress ?? null,
    ratePerSecond: row?.emailRatePerSecond ?? 2,
  };
}
