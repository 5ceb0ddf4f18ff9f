import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { leadFormCaptchaSettings } from "@/db/schema";
import { captchaProviders } from "@/db/schema/enum-values";
import { maskSecret, openSecret, sealSecret } from "@/server/crypto/secret-box";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { forgetPublishedForm } from "./published-form";

/*
 * The optional captcha of a business's lead forms: Cloudflare Turnstile or hCaptcha, with the business's
 * own keys. When set, every submission must carry the widget's response, which the server checks with the
 * provider's siteverify API before the submission is stored:
 * - Turnstile: POST https://challenges.cloudflare.com/turnstile/v0/siteverify, form-encoded
 *   `secret`, `response`, `remoteip`, `idempotency_key`; answer JSON `{ success, "error-codes", challenge_ts,
 *   hostname, action, cdata }` (developers.cloudflare.com/turnstile/get-started/server-side-validation).
 * - hCaptcha: POST https://api.hcaptcha.com/siteverify, form-encoded `secret`, `response`, `remoteip`,
 *   `sitekey`; answer JSON `{ success, challenge_ts, hostname, credit, "error-codes" }`
 *   (docs.hcaptcha.com/#verify-the-user-response-server-side).
 * TURNSTILE_SITEVERIFY_URL and HCAPTCHA_SITEVERIFY_URL point elsewhere (tests use a local fake).
 * Verification fails closed: no answer, a slow one (5 s) or an unreadable one is a refusal.
 */

export type CaptchaProvider = (typeof captchaProviders)[number];

/** What the page needs to show the widget (public). */
export interface CaptchaWidget {
  provider: CaptchaProvider;
  siteKey: string;
}

/** The settings as an API may show them: the secret masked. */
export interface CaptchaSettingsView extends CaptchaWidget {
  secret: string;
  updatedAt: Date;
}

export const captchaSettingsInput = z.object({
  provider: z.enum(captchaProviders),
  siteKey: z.string().trim().min(1, "Enter the site key.").max(200),
  secret: z.string().trim().min(1, "Enter the secret key.").max(200),
});
export type CaptchaSettingsInput = z.infer<typeof captchaSettingsInput>;

/** The business's captcha settings with the secret masked, or null when it has none. */
export async function getCaptchaSettings(
  db: DbOrTx,
  businessId: string,
): Promise<CaptchaSettingsView | null> {
  const [row] = await db
    .select()
    .from(leadFormCaptchaSettings)
    .where(eq(leadFormCaptchaSettings.businessId, businessId))
    .limit(1);
  if (!row) return null;
  let secret = "•••• (unreadable: re-enter it)";
  try {
    secret = maskSecret(openSecret(row.secretEnc));
  } catch {
    // Sealed with another encryption key: shown as unreadable.
  }
  return { provider: row.provider, siteKey: row.siteKey, secret, updatedAt: row.updatedAt };
}

/**
 * Sets (or, with null, removes) a business's captcha for all its lead forms. The secret is sealed
 * (AES-256-GCM) before it is stored. Output: the masked view, or null after removal.
 * Errors: VALIDATION with field errors (`provider`, `siteKey`, `secret`).
 */
export async function setCaptchaSettings(
  db: DbOrTx,
  businessId: string,
  input: CaptchaSettingsInput | null,
): Promise<CaptchaSettingsView | null> {
  if (input === null) {
    await db.delete(leadFormCaptchaSettings).where(eq(leadFormCaptchaSettings.businessId, businessId));
    forgetPublishedForm();
    return null;
  }
  const parsed = captchaSettingsInput.safeParse(input);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    throw new AppError("VALIDATION", Object.values(errors)[0], errors);
  }
  const values = {
    provider: parsed.data.provider,
    siteKey: parsed.data.siteKey,
    secretEnc: sealSecret(parsed.data.secret),
  };
  await db
    .insert(leadFormCaptchaSettings)
    .values({ businessId, ...values })
    .onConflictDoUpdate({
      target: leadFormCaptchaSettings.businessId,
      set: { ...values, updatedAt: sql`now()` },
    });
  forgetPublishedForm();
  return getCaptchaSettings(db, businessId);
}

/** The captcha a business's forms use, with its secret decrypted (server-side only), or null. */
export async function loadCaptcha(
  db: DbOrTx,
  businessId: string,
): Promise<(CaptchaWidget & { secret: string | null }) | null> {
  const [row] = await db
    .select()
    .from(leadFormCaptchaSettings)
    .where(eq(leadFormCaptchaSettings.businessId, businessId))
    .limit(1);
  return row ? openCaptcha(businessId, row) : null;
}

/**
 * A stored captcha row (`lead_form_captcha_settings`, its secret sealed) with the secret decrypted.
 * `secret` is null when it cannot be opened (sealed with another encryption key; logged), which
 * verification treats as a refusal.
 */
export function openCaptcha(
  businessId: string,
  row: { provider: CaptchaProvider; siteKey: string; secretEnc: string },
): CaptchaWidget & { secret: string | null } {
  let secret: string | null = null;
  try {
    secret = openSecret(row.secretEnc);
  } catch {
    logger.warn({ businessId }, "lead form captcha secret unreadable (another encryption key)");
  }
  return { provider: row.provider, siteKey: row.siteKey, secret };
}

const siteverifyUrls: Record<CaptchaProvider, () => string> = {
  turnstile: () =>
    process.env.TURNSTILE_SITEVERIFY_URL || "https://challenges.cloudflare.com/turnstile/v0/siteverify",
  hcaptcha: () => process.env.HCAPTCHA_SITEVERIFY_URL || "https://api.hcaptcha.com/siteverify",
};

const siteverifyAnswer = z.object({
  success: z.boolean(),
  "error-codes": z.array(z.string()).optional(),
  hostname: z.string().optional(),
});

/**
 * Asks the provider whether `response` (the widget's answer) is valid for the business's secret.
 * `remoteIp`: the visitor's IP, when known. `idempotencyKey` (Turnstile only): lets a retried check of the
 * same response succeed again. Output: `{ ok, codes }` with the provider's error codes. Never throws.
 */
export async function verifyCaptcha(
  captcha: CaptchaWidget & { secret: string | null },
  response: unknown,
  opts: { remoteIp?: string | null; idempotencyKey?: string } = {},
): Promise<{ ok: boolean; codes: string[] }> {
  if (!captcha.secret) return { ok: false, codes: ["missing-input-secret"] };
  if (typeof response !== "string" || response.trim() === "" || response.length > 4096)
    return { ok: false, codes: ["missing-input-response"] };
  const body = new URLSearchParams({ secret: captcha.secret, response: response.trim() });
  if (opts.remoteIp) body.set("remoteip", opts.remoteIp);
  if (captcha.provider === "hcaptcha") body.set("sitekey", captcha.siteKey);
  if (captcha.provider === "turnstile" && opts.idempotencyKey)
    body.set("idempotency_key", opts.idempotencyKey);
  try {
    const res = await fetch(siteverifyUrls[captcha.provider](), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    const parsed = siteverifyAnswer.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success) return { ok: false, codes: [`http-${res.status}`] };
    return { ok: parsed.data.success, codes: parsed.data["error-codes"] ?? [] };
  } catch (err) {
    logger.warn({ err, provider: captcha.provider }, "captcha siteverify unreachable");
    return { ok: false, codes: ["unreachable"] };
  }
}
