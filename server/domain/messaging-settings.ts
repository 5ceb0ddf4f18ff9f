import { z } from "zod";

/*
 * Messaging settings of a business (email through Resend, WhatsApp through the Cloud API): the input
 * of a change and the masked view, shared by the procedures, the REST API and the settings form.
 * Secrets go in and never come out: the view carries `••••abcd` masks only.
 */

/** Meta messaging limits a business can be on: unique customers per 24 h; null = unlimited. */
export const whatsappMessagingLimits = [250, 2000, 10_000, 100_000] as const;

/** Labels of the limits, for the form ("unlimited" for null). */
export const messagingLimitLabels: Record<string, string> = {
  "250": "250 customers / 24 h",
  "2000": "2,000 customers / 24 h",
  "10000": "10,000 customers / 24 h",
  "100000": "100,000 customers / 24 h",
  unlimited: "Unlimited",
};

/** Default inbound words that opt a customer out of WhatsApp (the column's default). */
export const defaultOptOutWords = ["STOP", "UNSUBSCRIBE"];

const fromPattern = /^\s*(?:[^<>]{1,100}?\s*<\s*([^<>\s]+)\s*>|([^<>\s]+))\s*$/;
const emailSchema = z.email();

/** The address in a From header (`Name <email>` or a bare address), or null when it is not one. */
export function fromAddress(value: string): string | null {
  const m = fromPattern.exec(value);
  const address = m?.[1] ?? m?.[2];
  return address && emailSchema.safeParse(address).success ? address : null;
}

/** A secret field: a new value replaces the stored one, "" clears it, absent keeps it. */
const secret = (label: string) =>
  z
    .string()
    .trim()
    .max(1000, `${label} is too long.`)
    .refine((v) => !/\s/.test(v), `${label} cannot contain spaces.`);

/** Digits only ("" clears). */
const metaId = (label: string) =>
  z
    .string()
    .trim()
    .max(30, `${label} is too long.`)
    .regex(/^\d*$/, `${label} is the number Meta shows (digits only).`);

/** A change of messaging settings; every field is optional and only the given ones change. */
export const updateMessagingSettingsInput = z.object({
  /** Resend API key (`re_…`). */
  resendApiKey: secret("The API key").optional(),
  /** Resend webhook signing secret (`whsec_…`). */
  resendWebhookSecret: secret("The signing secret").optional(),
  /** The From header of campaign emails: `Glow Salon <hello@glow.example>` or an address ("" clears). */
  emailFrom: z
    .string()
    .trim()
    .max(300, "Too long.")
    .superRefine((v, ctx) => {
      if (v === "" || fromAddress(v) !== null) return;
      ctx.addIssue({
        code: "custom",
        message: fromPattern.test(v)
          ? "The address in From is not a valid email."
          : "Use Name <email@example.com> or an email address.",
      });
    })
    .optional(),
  emailReplyTo: z
    .string()
    .trim()
    .max(254, "Too long.")
    .refine((v) => v === "" || emailSchema.safeParse(v).success, "Enter a valid email address.")
    .optional(),
  /** Postal address printed in the footer of marketing emails. */
  postalAddress: z.string().trim().max(500, "Keep the address under 500 characters.").optional(),
  emailRequiresOptIn: z.boolean().optional(),
  /** Resend requests per second, 1–100. */
  emailRatePerSecond: z
    .number({ error: "Enter a number." })
    .int("Enter a whole number.")
    .min(1, "At least 1 per second.")
    .max(100, "At most 100 per second.")
    .optional(),
  whatsappPhoneNumberId: metaId("The phone number id").optional(),
  whatsappWabaId: metaId("The WhatsApp Business Account id").optional(),
  whatsappAccessToken: secret("The access token").optional(),
  whatsappAppSecret: secret("The app secret").optional(),
  /** The token Meta sends on the webhook handshake; stored as a SHA-256 hash. */
  whatsappVerifyToken: secret("The verify token")
    .refine((v) => v === "" || v.length >= 8, "Use at least 8 characters.")
    .optional(),
  /** Meta messaging limit (unique customers per 24 h); null = unlimited. */
  whatsappMessagingLimit: z
    .union(
      whatsappMessagingLimits.map((n) => z.literal(n)) as unknown as [
        z.ZodLiteral<250>,
        z.ZodLiteral<2000>,
        z.ZodLiteral<10000>,
        z.ZodLiteral<100000>,
      ],
      { error: "Choose 250, 2,000, 10,000, 100,000 or unlimited." },
    )
    .nullable()
    .optional(),
  /** Cloud API messages per second, 1–1000 (Meta's default throughput is 80). */
  whatsappRatePerSecond: z
    .number({ error: "Enter a number." })
    .int("Enter a whole number.")
    .min(1, "At least 1 per second.")
    .max(1000, "At most 1,000 per second.")
    .optional(),
  /** Inbound words that opt a customer out of WhatsApp, compared trimmed and case-insensitively. */
  optOutWords: z
    .array(
      z
        .string()
        .trim()
        .min(1, "An opt-out word cannot be empty.")
        .max(30, "Keep each opt-out word under 30 characters.")
        .regex(/^[\p{L}\p{N}][\p{L}\p{N} '-]*$/u, "Use letters, digits and spaces only."),
    )
    .min(1, "Keep at least one opt-out word (STOP).")
    .max(20, "At most 20 opt-out words.")
    .optional(),
});
export type UpdateMessagingSettingsInput = z.output<typeof updateMessagingSettingsInput>;

/** The settings as any API shows them: masks instead of secrets. */
export const messagingSettingsOutput = z.object({
  email: z.object({
    /** A Resend API key is set (else campaign emails go to the dev outbox). */
    configured: z.boolean(),
    apiKey: z.string().nullable(),
    webhookSecret: z.string().nullable(),
    from: z.string().nullable(),
    /** What is used when `from` is empty (EMAIL_FROM). */
    defaultFrom: z.string(),
    replyTo: z.string().nullable(),
    postalAddress: z.string().nullable(),
    requiresOptIn: z.boolean(),
    ratePerSecond: z.number().int(),
  }),
  whatsapp: z.object({
    /** A phone number id and an access token are set (else WhatsApp goes to the dev outbox). */
    configured: z.boolean(),
    phoneNumberId: z.string().nullable(),
    wabaId: z.string().nullable(),
    accessToken: z.string().nullable(),
    appSecret: z.string().nullable(),
    verifyTokenSet: z.boolean(),
    messagingLimit: z.number().int().nullable(),
    ratePerSecond: z.number().int(),
  }),
  optOutWords: z.array(z.string()),
  updatedAt: z.date().nullable(),
});
export type MessagingSettingsView = z.output<typeof messagingSettingsOutput>;

/** Normalises opt-out words: trimmed, upper case, without repeats, in the order given. */
export function normaliseOptOutWords(words: readonly string[]): string[] {
  return [...new Set(words.map((w) => w.trim().replace(/\s+/g, " ").toUpperCase()).filter(Boolean))];
}

/** Whether an inbound text is one of the opt-out words (trimmed, case-insensitive, end punctuation ignored). */
export function isOptOutText(text: string, words: readonly string[]): boolean {
  const t = text
    .trim()
    .replace(/[.!\s]+$/u, "")
    .replace(/\s+/g, " ")
    .toUpperCase();
  return t.length > 0 && words.some((w) => w.toUpperCase() === t);
}
