import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { leadFormCaptchaSettings, leadForms, leadFormVersions } from "@/db/schema";
import type { captchaProviders } from "@/db/schema/enum-values";
import { type LeadFormDefinition, leadFormDefinitionSchema } from "@/server/domain/lead-forms";
import { isUuid } from "@/server/ids";
import { logger } from "@/server/logger";

type CaptchaProvider = (typeof captchaProviders)[number];

/** A form as the public side sees it: its live version and whether it takes submissions now. */
export interface PublishedForm {
  formId: string;
  businessId: string;
  versionId: string;
  version: number;
  definition: LeadFormDefinition;
  /** Accepted submissions so far. */
  submissionCount: number;
  /** `open`, or why it refuses submissions: closed by the business, the limit reached, past `closesAt`. */
  state: "open" | "closed" | "limit_reached" | "expired";
}

/** Published versions never change, so their parsed definitions are kept (at most this many). */
const CACHE_MAX = 500;
const parsed = new Map<string, LeadFormDefinition | null>();

/**
 * The definition of version `versionId` read from its stored JSON `raw`, parsed once per version and
 * kept (published versions never change). Null when it cannot be read (logged).
 */
export function parsedDefinition(versionId: string, raw: unknown): LeadFormDefinition | null {
  if (parsed.has(versionId)) return parsed.get(versionId)!;
  const result = leadFormDefinitionSchema.safeParse(raw);
  if (!result.success)
    logger.error({ versionId, issues: result.error.issues }, "unreadable lead form version");
  const def = result.success ? result.data : null;
  if (parsed.size >= CACHE_MAX) parsed.delete(parsed.keys().next().value!);
  parsed.set(versionId, def);
  return def;
}

/**
 * The definition of version `versionId`: the kept one, else read from the database once and kept
 * (`parsedDefinition`). Null when the version is gone or cannot be read.
 */
async function readDefinition(db: DbOrTx, versionId: string): Promise<LeadFormDefinition | null> {
  const kept = parsed.get(versionId);
  if (kept !== undefined) return kept;
  const [row] = await db
    .select({ definition: leadFormVersions.definition })
    .from(leadFormVersions)
    .where(eq(leadFormVersions.id, versionId))
    .limit(1);
  return row ? parsedDefinition(versionId, row.definition) : null;
}

/** Whether a published form takes submissions at `now` (UTC). */
export function formState(
  status: "draft" | "published" | "closed",
  def: LeadFormDefinition,
  submissionCount: number,
  now: Date,
): PublishedForm["state"] {
  if (status === "closed") return "closed";
  const { maxSubmissions, closesAt } = def.settings.limit;
  if (maxSubmissions && submissionCount >= maxSubmissions) return "limit_reached";
  if (closesAt && Date.parse(closesAt) <= now.getTime()) return "expired";
  return "open";
}

/** A business's captcha row as stored (the secret sealed); `openCaptcha` (captcha.ts) opens it. */
export interface StoredCaptcha {
  provider: CaptchaProvider;
  siteKey: string;
  secretEnc: string;
}

/**
 * The published form `formId` (the public id in `/f/{id}` and the embed's `data-form`) with its live
 * version, or null when there is no such form, it was never published, or its version cannot be read.
 * A closed form is returned with its `state`, so pages can say it is closed (410) rather than unknown.
 * With `{ captcha: true }` the business's captcha row comes in the same statement (`captcha`, null when
 * it has none): a submission needs both, and one round trip less per submission matters under load.
 * The version's definition is read only the first time this process meets the version
 * (`readDefinition`), so a submission does not ship and parse its form's JSON again.
 * Not tenant-scoped on purpose: the id is public; callers use `businessId` from the result.
 */
export async function loadPublishedForm(
  db: DbOrTx,
  formId: string,
  now?: Date,
): Promise<PublishedForm | null>;
export async function loadPublishedForm(
  db: DbOrTx,
  formId: string,
  now: Date,
  opts: { captcha: true },
): Promise<(PublishedForm & { captcha: StoredCaptcha | null }) | null>;
export async function loadPublishedForm(
  db: DbOrTx,
  formId: string,
  now: Date = new Date(),
  opts: { captcha?: boolean } = {},
): Promise<(PublishedForm & { captcha?: StoredCaptcha | null }) | null> {
  if (!isUuid(formId)) return null;
  const query = db
    .select({
      businessId: leadForms.businessId,
      status: leadForms.status,
      submissionCount: leadForms.submissionCount,
      versionId: leadFormVersions.id,
      version: leadFormVersions.version,
      ...(opts.captcha
        ? {
            captchaProvider: leadFormCaptchaSettings.provider,
            captchaSiteKey: leadFormCaptchaSettings.siteKey,
            captchaSecretEnc: leadFormCaptchaSettings.secretEnc,
          }
        : {}),
    })
    .from(leadForms)
    .innerJoin(leadFormVersions, eq(leadFormVersions.id, leadForms.publishedVersionId))
    .$dynamic();
  if (opts.captcha)
    query.leftJoin(leadFormCaptchaSettings, eq(leadFormCaptchaSettings.businessId, leadForms.businessId));
  const [row] = await query.where(eq(leadForms.id, formId)).limit(1);
  if (!row || row.status === "draft") return null;
  const definition = await readDefinition(db, row.versionId);
  if (!definition) return null;
  const form: PublishedForm = {
    formId,
    businessId: row.businessId,
    versionId: row.versionId,
    version: row.version,
    definition,
    submissionCount: row.submissionCount,
    state: formState(row.status, definition, row.submissionCount, now),
  };
  if (!opts.captcha) return form;
  const captcha: StoredCaptcha | null =
    row.captchaProvider && row.captchaSiteKey && row.captchaSecretEnc
      ? { provider: row.captchaProvider, siteKey: row.captchaSiteKey, secretEnc: row.captchaSecretEnc }
      : null;
  return { ...form, captcha };
}

/** The definition of one version of a form (for processing a stored submission), or null. */
export async function loadFormVersion(
  db: DbOrTx,
  businessId: string,
  versionId: string,
): Promise<LeadFormDefinition | null> {
  const [row] = await db
    .select({ businessId: leadFormVersions.businessId, definition: leadFormVersions.definition })
    .from(leadFormVersions)
    .where(eq(leadFormVersions.id, versionId))
    .limit(1);
  if (!row || row.businessId !== businessId) return null;
  return parsedDefinition(versionId, row.definition);
}

/** How long a process reuses a published form it read for a submission, ms. */
export const SUBMIT_FORM_TTL_MS = 1000;
const forSubmit = new Map<string, { at: number; form: PublishedForm & { captcha: StoredCaptcha | null } }>();

/**
 * `loadPublishedForm(db, formId, now, { captcha: true })` for the submit path, reusing what this process
 * read in the last `SUBMIT_FORM_TTL_MS` (1 s) while the form was open: a busy form costs one read a second
 * instead of one per submission. Staleness is bounded and safe: the store statement checks again that
 * the form is published, under its limit and on the same version (`storeSubmission`), and the receiver
 * reads afresh when it is not (`fresh: true`); closing, reopening, publishing, deleting and captcha
 * changes in this process forget the entry at once (`forgetPublishedForm`), other processes within 1 s.
 * `closesAt` is checked against `now` on every call. Output and errors: as `loadPublishedForm`.
 */
export async function loadPublishedFormForSubmit(
  db: DbOrTx,
  formId: string,
  now: Date,
  opts: { fresh?: boolean } = {},
): Promise<(PublishedForm & { captcha: StoredCaptcha | null }) | null> {
  const kept = opts.fresh ? undefined : forSubmit.get(formId);
  const clock = Date.now();
  if (kept && clock - kept.at < SUBMIT_FORM_TTL_MS) {
    const form = kept.form;
    return { ...form, state: formState("published", form.definition, form.submissionCount, now) };
  }
  const form = await loadPublishedForm(db, formId, now, { captcha: true });
  if (form?.state === "open") {
    if (forSubmit.size >= CACHE_MAX) forSubmit.delete(forSubmit.keys().next().value!);
    forSubmit.set(formId, { at: clock, form });
  } else forSubmit.delete(formId);
  return form;
}

/**
 * Forgets what the submit path keeps of form `formId`, or of every form when none is given (a business's
 * captcha changed). Call after a change that must take effect at once in this process.
 */
export function forgetPublishedForm(formId?: string): void {
  if (formId) forSubmit.delete(formId);
  else forSubmit.clear();
}
