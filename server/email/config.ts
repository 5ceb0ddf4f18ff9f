/**
 * Email settings, read from the environment when used (not at import) so a key added to the
 * environment applies to the next message and tests can switch transports. Both are documented with
 * the other variables in server/env.ts.
 */
export interface EmailSettings {
  /** Resend API key; when absent, messages go to the dev outbox (/dev/mailbox). */
  resendApiKey: string | undefined;
  /** The From header, e.g. `Mini CRM <hello@example.com>` (EMAIL_FROM). */
  from: string;
}

export const defaultEmailFrom = "Mini CRM <onboarding@resend.dev>";

/** The current email settings (RESEND_API_KEY, EMAIL_FROM with the Resend onboarding sender as default). */
export function emailSettings(): EmailSettings {
  return {
    resendApiKey: process.env.RESEND_API_KEY?.trim() || undefined,
    from: process.env.EMAIL_FROM?.trim() || defaultEmailFrom,
  };
}

/**
 * Whether the dev outbox at /dev/mailbox is shown: always outside production; in production only with
 * MINI_CRM_DEV_MAILBOX=true (test servers), since it shows every message with its links.
 */
export function devMailboxEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.MINI_CRM_DEV_MAILBOX === "true";
}
