/* Shapes of the WhatsApp Cloud API adapter (server/whatsapp/client.ts), shared with its callers. */

import type { WhatsappSendComponent } from "@/server/domain/whatsapp-templates";

export type { WhatsappSendComponent, WhatsappTemplateParameter } from "@/server/domain/whatsapp-templates";

/** What the senders need of a business's WhatsApp provider (decrypted; `loadMessagingConfig`). */
export interface WhatsappConfig {
  phoneNumberId: string;
  /** WhatsApp Business Account id; needed to list templates. */
  wabaId: string | null;
  accessToken: string;
  /** Meta app secret; verifies webhook signatures. */
  appSecret: string | null;
  /** Messages per second the sender may use (Cloud API default throughput: 80). */
  ratePerSecond: number;
  /** Meta messaging limit: unique customers per 24 h outside the service window; null = unlimited. */
  messagingLimit: number | null;
}

/**
 * A message to one customer: an approved template with its `components`, or free-form text (allowed
 * only inside the 24-hour customer service window). `to` is E.164 (`+919812345678`); the "+" is
 * dropped on the wire (Meta takes the number with its country code).
 */
export type WhatsappOutgoing =
  | { to: string; template: { name: string; language: string; components: WhatsappSendComponent[] } }
  | { to: string; text: string };

/** A synced template as Meta lists it. */
export interface MetaTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string | null;
  components: unknown[];
  parameterFormat: "POSITIONAL" | "NAMED";
}
