import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";
import { customers } from "./customers";
import {
  campaignChannels,
  campaignStatuses,
  consentChannels,
  messageChannels,
  recipientStatuses,
} from "./enum-values";

export const messageChannel = pgEnum("message_channel", messageChannels);
export const campaignChannel = pgEnum("campaign_channel", campaignChannels);
export const campaignStatus = pgEnum("campaign_status", campaignStatuses);
export const recipientStatus = pgEnum("recipient_status", recipientStatuses);
export const consentChannel = pgEnum("consent_channel", consentChannels);

/**
 * A business's messaging providers and sending rules, one row per business (created on first save).
 * Secrets are AES-256-GCM ciphertexts (`*Enc`, server/messaging/secrets.ts), never returned by an API.
 * A channel without a provider delivers to the dev outbox.
 */
export const messagingSettings = pgTable(
  "messaging_settings",
  {
    businessId: uuid()
      .primaryKey()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** Resend */
    resendApiKeyEnc: text(),
    /** Resend webhook signing secret (`whsec_…`, Svix). */
    resendWebhookSecretEnc: text(),
    /** The From header of campaign emails, e.g. `Glow Salon <hello@glow.example>`. */
    emailFrom: text(),
    emailReplyTo: text(),
    /** Postal address printed in every marketing email's footer. */
    postalAddress: text(),
    /** Email sends need granted consent (else unknown consent is allowed). */
    emailRequiresOptIn: boolean().notNull().default(false),
    /** Resend API requests per second (a batch call is one request). */
    emailRatePerSecond: integer().notNull().default(2),
    /** WhatsApp Cloud API */
    whatsappPhoneNumberId: text(),
    whatsappWabaId: text(),
    whatsappAccessTokenEnc: text(),
    whatsappAppSecretEnc: text(),
    /** SHA-256 (hex) of the webhook verify token, to find the business on Meta's GET handshake. */
    whatsappVerifyTokenHash: text(),
    /** Meta messaging limit: unique users per 24 h; null = unlimited. */
    whatsappMessagingLimit: integer(),
    whatsappRatePerSecond: integer().notNull().default(80),
    /** Inbound words that opt a customer out of WhatsApp (compared case-insensitively, trimmed). */
    optOutWords: text().array().notNull().default(sql`'{STOP,UNSUBSCRIBE}'::text[]`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messaging_settings_whatsapp_phone_number_id_key").on(t.whatsappPhoneNumberId),
    index("messaging_settings_whatsapp_verify_token_hash_idx").on(t.whatsappVerifyTokenHash),
  ],
);

/**
 * Message templates. Email: subject, preheader and blocks (server/domain/email-blocks.ts). WhatsApp:
 * synced from Meta (`externalId`, `status`, `category`, `components`) with each variable slot mapped to
 * a customer field or fixed text (`variableMapping`). `language` is '' for email.
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    channel: messageChannel().notNull(),
    name: text().notNull(),
    language: text().notNull().default(""),
    subject: text(),
    preheader: text(),
    blocks: jsonb().$type<unknown[]>().notNull().default([]),
    externalId: text(),
    status: text(),
    category: text(),
    components: jsonb().$type<unknown[]>(),
    variableMapping: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_templates_business_id_channel_name_language_key").on(
      t.businessId,
      t.channel,
      sql`lower(${t.name})`,
      t.language,
    ),
  ],
);

/** Audience of a campaign: a saved segment, inline rules, tags, or everyone reachable. */
export type CampaignAudience =
  | { type: "segment"; segmentId: string }
  | { type: "rules"; rules: { match: "all" | "any"; conditions: unknown[] } }
  | { type: "tags"; tags: string[] }
  | { type: "everyone" };

/**
 * Campaigns. The content is kept on the campaign (`email`, `whatsapp`), copied from a template when
 * one is chosen, so later template edits never change what a scheduled campaign sends.
 * `targeted`/`excluded` are fixed when the recipients are materialised.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    channel: campaignChannel().notNull(),
    status: campaignStatus().notNull().default("draft"),
    audience: jsonb().$type<CampaignAudience>().notNull(),
    email: jsonb().$type<Record<string, unknown>>(),
    whatsapp: jsonb().$type<Record<string, unknown>>(),
    abTest: jsonb().$type<Record<string, unknown>>(),
    scheduledAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    targeted: integer(),
    excluded: integer(),
    error: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_business_id_created_at_idx").on(t.businessId, t.createdAt.desc()),
    index("campaigns_status_scheduled_at_idx").on(t.status, t.scheduledAt),
  ],
);

/**
 * One row per (campaign, customer, channel), materialised in one statement before sending. A row is
 * claimed (`sending`) before the provider call; status only moves forward (recipientStatusRank).
 * Excluded customers are kept with `status = 'excluded'` and the reason.
 */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /**
     * No foreign keys, unlike other tenant tables: a campaign writes up to millions of rows in one
     * statement, and Postgres checks a foreign key with one locking lookup per row (the campaign's alone
     * cost 3.2 s of materialising 1,000,000 recipients; the three together ~40%). Deleting a campaign
     * deletes its recipients first (`deleteCampaign`); the three ways a customer row is deleted (purge,
     * merge, undoing an import) delete its recipients first (`deleteCustomerRecipients`). Businesses are
     * never deleted by the app.
     */
    businessId: uuid().notNull(),
    campaignId: uuid().notNull(),
    customerId: uuid().notNull(),
    channel: messageChannel().notNull(),
    /** Email address or E.164 number the message goes to. */
    address: text(),
    /** A/B variant index (0-based); null without a test. */
    variant: smallint(),
    status: recipientStatus().notNull().default("queued"),
    exclusionReason: text(),
    providerMessageId: text(),
    /** Provider's error code (e.g. Meta 131026, Resend `validation_error`) and a human sentence. */
    errorCode: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    /** The send run that claimed the row; a retried run finds its own claimed rows by it. */
    claimKey: text(),
    claimedAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    openedAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    clickedAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    bouncedAt: timestamp({ withTimezone: true }),
    complainedAt: timestamp({ withTimezone: true }),
    unsubscribedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Starts with business_id (the tenancy rule) and is the uniqueness the sender relies on.
    uniqueIndex("campaign_recipients_business_id_campaign_id_customer_id_channel_key").on(
      t.businessId,
      t.campaignId,
      t.customerId,
      t.channel,
    ),
    index("campaign_recipients_campaign_id_status_id_idx").on(t.campaignId, t.status, t.id),
    // Deleting a customer cascades here (and the customer's messages are looked up by it).
    index("campaign_recipients_customer_id_idx").on(t.customerId),
    index("campaign_recipients_provider_message_id_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
  ],
);

/**
 * The consent ledger: every grant or withdrawal per channel, with where it came from (unsubscribe
 * link, one-click, WhatsApp STOP, import, form, a member's edit) and the campaign when there was one.
 * The customer's consent fields follow the latest entry.
 */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: consentChannel().notNull(),
    granted: boolean().notNull(),
    source: text().notNull(),
    campaignId: uuid().references(() => campaigns.id, { onDelete: "set null" }),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consent_events_business_id_customer_id_occurred_at_idx").on(
      t.businessId,
      t.customerId,
      t.occurredAt.desc(),
    ),
  ],
);

/**
 * Provider webhook events, recorded once per (provider, event id) after the signature is verified;
 * a replay is answered 2xx and not processed again.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull(),
    eventId: text().notNull(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    type: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_events_provider_event_id_key").on(t.provider, t.eventId),
    index("webhook_events_business_id_received_at_idx").on(t.businessId, t.receivedAt),
    // The nightly clean-up deletes events past their retention, across businesses, oldest first.
    index("webhook_events_received_at_idx").on(t.receivedAt),
  ],
);

/**
 * Provider webhook deliveries (Resend, WhatsApp), stored as received once their signature is verified,
 * before the 2xx, then processed by the `process-webhook-delivery` background function. One row per
 * (provider, delivery key): Svix's `svix-id` for Resend, the SHA-256 of the raw body for Meta (which
 * resends the same body). `processed_at` is set when its events are applied; `last_error` keeps why the
 * last attempt failed.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: text().notNull(),
    deliveryKey: text().notNull(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    payload: jsonb().$type<unknown>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    processedAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_provider_delivery_key_key").on(t.provider, t.deliveryKey),
    index("webhook_deliveries_pending_idx")
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null and ${t.failedAt} is null`),
    // The nightly clean-up deletes deliveries past their retention, oldest first.
    index("webhook_deliveries_received_at_idx").on(t.receivedAt),
  ],
);

/**
 * When each member last read a customer's WhatsApp conversation (opened the customer's page, or marked it
 * read from the inbox or the API). The conversation is unread for that member while the customer's last
 * inbound message is later than `read_at` (or there is no row).
 */
export const whatsappConversationReads = pgTable(
  "whatsapp_conversation_reads",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("whatsapp_conversation_reads_customer_id_user_id_key").on(t.customerId, t.userId)],
);
