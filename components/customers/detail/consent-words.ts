/**
 * Words for consent and messages on a customer's page (timeline and consent history): channels and
 * where a consent change came from (the sources `recordConsent` stores). Pure, for the browser.
 */

/** "emails", "WhatsApp messages", "text messages". */
export const channelMessages: Record<string, string> = {
  email: "emails",
  whatsapp: "WhatsApp messages",
  sms: "text messages",
};

/** "Email", "WhatsApp", "SMS". */
export const channelNames: Record<string, string> = {
  email: "Email",
  whatsapp: "WhatsApp",
  sms: "SMS",
};

/** How a consent change happened, as the end of a sentence ("… from emails on the unsubscribe page"). */
const sources: Record<string, string> = {
  unsubscribe_page: "on the unsubscribe page",
  one_click_unsubscribe: "with their mail app's Unsubscribe button",
  whatsapp_opt_out: "by replying to a WhatsApp message",
  email_complaint: "by marking an email as spam",
  member: "by a team member",
  import: "from an import",
  lead_form: "on a lead form",
  api: "through the API",
};

/** The phrase for a consent `source`; unknown sources read as their words ("some_source" → "some source"). */
export function consentSourceText(source: unknown): string {
  const s = typeof source === "string" ? source : "";
  return sources[s] ?? (s ? `(${s.replace(/_/g, " ")})` : "");
}

/** "Unsubscribed from emails" / "Subscribed to WhatsApp messages". */
export function consentChangeText(channel: unknown, granted: unknown): string {
  const what = channelMessages[String(channel)] ?? "messages";
  return granted ? `Subscribed to ${what}` : `Unsubscribed from ${what}`;
}
