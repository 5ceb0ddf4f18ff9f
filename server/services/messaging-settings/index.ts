import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { messagingSettings } from "@/db/schema";
import { maskSecret, openSecret, sealSecret, tokenHash } from "@/server/crypto/secret-box";
import {
  defaultOptOutWords,
  type MessagingSettingsView,
  normaliseOptOutWords,
  type UpdateMessagingSettingsInput,
  updateMessagingSettingsInput,
} from "@/server/domain/messaging-settings";
import { emailSettings } from "@/server/email/config";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { fetchMessagingLimit, WhatsappError } from "@/server/whatsapp/client";
import type { WhatsappConfig } from "@/server/whatsapp/types";

/** Who changes the settings: the business, the user (null for an API key) and the API key. */
export interface MessagingSettingsActor {
  businessId: string;
  userId: string | null;
  apiKeyId?: string | null;
  ip?: string | null;
}

type Row = typeof messagingSettings.$inferSelect;

/** Resend configuration of a business, decrypted, for the email sender. */
export interface EmailProviderConfig {
  apiKey: string;
  from: string;
  replyTo: string | null;
  ratePerSecond: number;
  requiresOptIn: boolean;
  postalAddress: string | null;
  /** Resend webhook signing secret (`whsec_…`), when set. */
  webhookSecret: string | null;
}

/**
 * Everything the senders need, decrypted (never returned by an API). A channel whose provider is not
 * configured is null and its messages go to the dev outbox; the email fields outside `email` apply to
 * both (dev outbox emails look like real ones).
 */
export interface MessagingConfig {
  /** Null without a Resend API key: campaign emails go to the dev outbox (/dev/mailbox). */
  email: EmailProviderConfig | null;
  /** Null without a phone number id and an access token: WhatsApp goes to the dev outbox (/dev/whatsapp). */
  whatsapp: WhatsappConfig | null;
  /** Inbound words that opt a customer out of WhatsApp (upper case). */
  optOutWords: string[];
  /** The From of campaign emails: the business's, else EMAIL_FROM. */
  emailFrom: string;
  emailReplyTo: string | null;
  postalAddress: string | null;
  emailRequiresOptIn: boolean;
  emailRatePerSecond: number;
}

const defaults = { emailRatePerSecond: 2, whatsappRatePerSecond: 80, whatsappMessagingLimit: 250 };

async function settingsRow(db: DbOrTx, businessId: string): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(messagingSettings)
    .where(eq(messagingSettings.businessId, businessId))
    .limit(1);
  return row ?? null;
}

/** Decrypts a stored secret; null when absent or unreadable (another encryption key). */
function open(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return openSecret(sealed);
  } catch {
    return null;
  }
}

function masked(sealed: string | null): string | null {
  if (!sealed) return null;
  const plain = open(sealed);
  return plain === null ? "•••• (unreadable: re-enter it)" : maskSecret(plain);
}

function toView(row: Row | null): MessagingSettingsView {
  return {
    email: {
      configured: Boolean(row?.resendApiKeyEnc),
      apiKey: masked(row?.resendApiKeyEnc ?? null),
      webhookSecret: masked(row?.resendWebhookSecretEnc ?? null),
      from: row?.emailFrom ?? null,
      defaultFrom: emailSettings().from,
      replyTo: row?.emailReplyTo ?? null,
      postalAddress: row?.postalAddress ?? null,
      requiresOptIn: row?.emailRequiresOptIn ?? false,
      ratePerSecond: row?.emailRatePerSecond ?? defaults.emailRatePerSecond,
    },
    whatsapp: {
      configured: Boolean(row?.whatsappPhoneNumberId && row.whatsappAccessTokenEnc),
      phoneNumberId: row?.whatsappPhoneNumberId ?? null,
      wabaId: row?.whatsappWabaId ?? null,
      accessToken: masked(row?.whatsappAccessTokenEnc ?? null),
      appSecret: masked(row?.whatsappAppSecretEnc ?? null),
      verifyTokenSet: Boolean(row?.whatsappVerifyTokenHash),
      messagingLimit: row ? row.whatsappMessagingLimit : defaults.whatsappMessagingLimit,
      ratePerSecond: row?.whatsappRatePerSecond ?? defaults.whatsappRatePerSecond,
    },
    optOutWords: row?.optOutWords ?? defaultOptOutWords,
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * A business's messaging settings as any API may show them: which providers are configured, secrets
 * masked (`••••abcd`), never a secret. A business that never saved settings gets the defaults.
 */
export async function getMessagingSettings(db: DbOrTx, businessId: string): Promise<MessagingSettingsView> {
  return toView(await settingsRow(db, businessId));
}

/**
 * Changes a business's messaging settings. Only the given fields change; a secret given as "" is
 * cleared, a new value is encrypted (AES-256-GCM) before it is stored; the verify token is stored as its
 * SHA-256 hash. Recorded in the audit log with the names of the changed fields (never values).
 * Output: the masked view. Errors: VALIDATION with field errors (`emailFrom`, `whatsappPhoneNumberId`,
 * `optOutWords`, rates …); CONFLICT on `whatsappPhoneNumberId` when another business uses that number.
 */
export async function updateMessagingSettings(
  db: DbOrTx,
  actor: MessagingSettingsActor,
  patch: UpdateMessagingSettingsInput,
): Promise<MessagingSettingsView> {
  const parsed = updateMessagingSettingsInput.safeParse(patch);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
    throw new AppError("VALIDATION", "Check the highlighted settings.", fieldErrors);
  }
  const p = parsed.data;
  const set: Partial<typeof messagingSettings.$inferInsert> = {};
  const text = (v: string | undefined) => (v === undefined ? undefined : v === "" ? null : v);
  const sealed = (v: string | undefined) => (v === undefined ? undefined : v === "" ? null : sealSecret(v));
  const assign = <K extends keyof typeof set>(key: K, value: (typeof set)[K] | undefined) => {
    if (value !== undefined) set[key] = value;
  };
  assign("resendApiKeyEnc", sealed(p.resendApiKey));
  assign("resendWebhookSecretEnc", sealed(p.resendWebhookSecret));
  assign("emailFrom", text(p.emailFrom));
  assign("emailReplyTo", text(p.emailReplyTo));
  assign("postalAddress", text(p.postalAddress));
  assign("emailRequiresOptIn", p.emailRequiresOptIn);
  assign("emailRatePerSecond", p.emailRatePerSecond);
  assign("whatsappPhoneNumberId", text(p.whatsappPhoneNumberId));
  assign("whatsappWabaId", text(p.whatsappWabaId));
  assign("whatsappAccessTokenEnc", sealed(p.whatsappAccessToken));
  assign("whatsappAppSecretEnc", sealed(p.whatsappAppSecret));
  if (p.whatsappVerifyToken !== undefined)
    set.whatsappVerifyTokenHash = p.whatsappVerifyToken === "" ? null : tokenHash(p.whatsappVerifyToken);
  assign("whatsappMessagingLimit", p.whatsappMessagingLimit);
  assign("whatsappRatePerSecond", p.whatsappRatePerSecond);
  if (p.optOutWords !== undefined) set.optOutWords = normaliseOptOutWords(p.optOutWords);

  const changed = Object.keys(set);
  if (changed.length === 0) return getMessagingSettings(db, actor.businessId);
  let row: Row | undefined;
  try {
    [row] = await db
      .insert(messagingSettings)
      .values({
        businessId: actor.businessId,
        whatsappMessagingLimit: defaults.whatsappMessagingLimit,
        ...set,
      })
      .onConflictDoUpdate({ target: messagingSettings.businessId, set: { ...set, updatedAt: new Date() } })
      .returning();
  } catch (e) {
    if (isUniqueViolation(e, "messaging_settings_whatsapp_phone_number_id_key"))
      throw new AppError("CONFLICT", "Another business already uses this WhatsApp phone number id.", {
        whatsappPhoneNumberId: "Another business already uses this phone number id.",
      });
    throw e;
  }
  await recordAudit(db, {
    businessId: actor.businessId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId ?? null,
    action: "messaging_settings.updated",
    metadata: { fields: changed.map((k) => k.replace(/Enc$|Hash$/, "")) },
    ip: actor.ip ?? null,
  });
  return toView(row ?? null);
}

function whatsappConfigOf(row: Row): WhatsappConfig | null {
  const accessToken = open(row.whatsappAccessTokenEnc);
  if (!row.whatsappPhoneNumberId || !accessToken) return null;
  return {
    phoneNumberId: row.whatsappPhoneNumberId,
    wabaId: row.whatsappWabaId,
    accessToken,
    appSecret: open(row.whatsappAppSecretEnc),
    ratePerSecond: row.whatsappRatePerSecond,
    messagingLimit: row.whatsappMessagingLimit,
  };
}

/**
 * The decrypted messaging configuration of a business, for the senders and webhooks (never for an API
 * answer). Output: see `MessagingConfig`; `email` is null without a Resend key and `whatsapp` null
 * without a phone number id and access token (those channels deliver to the dev outbox).
 */
export async function loadMessagingConfig(db: DbOrTx, businessId: string): Promise<MessagingConfig> {
  const row = await settingsRow(db, businessId);
  const emailFrom = row?.emailFrom ?? emailSettings().from;
  const apiKey = open(row?.resendApiKeyEnc ?? null);
  return {
    email:
      row && apiKey
        ? {
            apiKey,
            from: emailFrom,
            replyTo: row.emailReplyTo,
            ratePerSecond: row.emailRatePerSecond,
            requiresOptIn: row.emailRequiresOptIn,
            postalAddress: row.postalAddress,
            webhookSecret: open(row.resendWebhookSecretEnc),
          }
        : null,
    whatsapp: row ? whatsappConfigOf(row) : null,
    optOutWords: row?.optOutWords ?? defaultOptOutWords,
    emailFrom,
    emailReplyTo: row?.emailReplyTo ?? null,
    postalAddress: row?.postalAddress ?? null,
    emailRequiresOptIn: row?.emailRequiresOptIn ?? false,
    emailRatePerSecond: row?.emailRatePerSecond ?? defaults.emailRatePerSecond,
  };
}

/** The business's Reply-To address for its emails (messaging settings), or null when it set none. */
export async function businessReplyTo(db: DbOrTx, businessId: string): Promise<string | null> {
  const [row] = await db
    .select({ replyTo: messagingSettings.emailReplyTo })
    .from(messagingSettings)
    .where(eq(messagingSettings.businessId, businessId))
    .limit(1);
  return row?.replyTo ?? null;
}

/**
 * The business that owns WhatsApp phone number id `phoneNumberId` (webhooks name it in
 * `metadata.phone_number_id`), with its app secret and opt-out words; null when none does.
 */
export async function businessForWhatsappNumber(
  db: DbOrTx,
  phoneNumberId: string,
): Promise<{ businessId: string; appSecret: string | null; optOutWords: string[] } | null> {
  const [row] = await db
    .select({
      businessId: messagingSettings.businessId,
      appSecretEnc: messagingSettings.whatsappAppSecretEnc,
      optOutWords: messagingSettings.optOutWords,
    })
    .from(messagingSettings)
    .where(eq(messagingSettings.whatsappPhoneNumberId, phoneNumberId))
    .limit(1);
  return row
    ? { businessId: row.businessId, appSecret: open(row.appSecretEnc), optOutWords: row.optOutWords }
    : null;
}

/** Whether some business's stored verify token hash is `tokenHash(token)` (Meta's GET handshake). */
export async function isKnownWhatsappVerifyToken(db: DbOrTx, token: string): Promise<boolean> {
  const [row] = await db
    .select({ businessId: messagingSettings.businessId })
    .from(messagingSettings)
    .where(eq(messagingSettings.whatsappVerifyTokenHash, tokenHash(token)))
    .limit(1);
  return Boolean(row);
}

/**
 * Reads the business's messaging limit from Meta (the phone number's
 * `whatsapp_business_manager_messaging_limit`) and stores it. Output: the masked view.
 * Errors: VALIDATION when WhatsApp is not configured; BAD_REQUEST with Meta's reason when the call fails.
 */
export async function refreshMessagingLimit(
  db: DbOrTx,
  actor: MessagingSettingsActor,
): Promise<MessagingSettingsView> {
  const row = await settingsRow(db, actor.businessId);
  const config = row ? whatsappConfigOf(row) : null;
  if (!config)
    throw new AppError("VALIDATION", "Enter the WhatsApp phone number id and access token first.", {
      whatsappPhoneNumberId: "Required to read the messaging limit.",
    });
  let limit: number | null;
  try {
    ({ limit } = await fetchMessagingLimit(config));
  } catch (e) {
    if (e instanceof WhatsappError) throw new AppError("BAD_REQUEST", e.humanMessage);
    throw e;
  }
  const [updated] = await db
    .update(messagingSettings)
    .set({ whatsappMessagingLimit: limit, updatedAt: new Date() })
    .where(eq(messagingSettings.businessId, actor.businessId))
    .returning();
  return toView(updated ?? row);
}
