import type { Db } from "@/db/client";
import {
  captureContext,
  checkAnswers,
  LEAD_FORM_SYSTEM_KEYS,
  type LeadFormContext,
} from "@/server/domain/lead-form-answers";
import { originAllowed } from "@/server/domain/lead-form-origins";
import { LEAD_FORM_LIMITS, leadFormTexts } from "@/server/domain/lead-forms";
import { sendEvent } from "@/server/jobs/send";
import { logger } from "@/server/logger";
import { openCaptcha, verifyCaptcha } from "./captcha";
import { isDisposableEmail } from "./disposable-email";
import { chargeSubmission } from "./limits";
import { loadPublishedFormForSubmit, type PublishedForm } from "./published-form";
import { storeSubmission } from "./store";
import { checkTimingToken, issueTimingToken } from "./timing-token";

/** One submission as the route handler read it. */
export interface SubmissionRequest {
  formId: string;
  /** The body's fields (answers and the system keys `_t`, `_hp`, `_captcha`, `_ctx`). */
  fields: Record<string, unknown>;
  /** The request's `Origin` (null when absent). */
  origin: string | null;
  /** Origins of this app (the hosted page and the iframe post from here). */
  ownOrigins: readonly string[];
  /** The client's IP (server/auth/client-ip.ts), null when unknown. */
  ip: string | null;
  /** The `Referer` header: the landing page when the body carries no context. */
  referer?: string | null;
  now?: Date;
}

/** What happened to a submission; the route handler turns it into an HTTP answer. */
export type SubmissionOutcome =
  /** Stored; `spam`: kept in the Spam tab (answered as a success, so a bot learns nothing). */
  | { kind: "accepted"; id: string; spam: boolean; form: PublishedForm }
  /** Nothing stored: per-field errors (and a message for the whole form), in the form's language. */
  | {
      kind: "invalid";
      errors: Record<string, string>;
      formError?: string;
      /** A fresh timing token when the old one expired. */
      token?: string;
      form: PublishedForm;
    }
  | { kind: "not_found" }
  | { kind: "closed"; form: PublishedForm }
  | { kind: "forbidden_origin"; form: PublishedForm }
  | { kind: "rate_limited"; retryAfter: number; form: PublishedForm }
  | { kind: "replayed"; form: PublishedForm };

const { token: TOKEN, honeypot: HONEYPOT, captcha: CAPTCHA, context: CONTEXT } = LEAD_FORM_SYSTEM_KEYS;

/** The response fields the captcha widgets add on their own (Turnstile, hCaptcha, reCAPTCHA-compatible). */
const WIDGET_RESPONSE_KEYS = ["cf-turnstile-response", "h-captcha-response", "g-recaptcha-response"];

/** Whether a submission's origin may post to the form: this app's own pages, or an allowed domain. */
export function submissionOriginAllowed(
  origin: string | null,
  ownOrigins: readonly string[],
  allowedDomains: readonly string[],
): boolean {
  // No Origin: not a browser's cross-site request (curl, a server); the spam checks still apply.
  if (origin === null) return true;
  return ownOrigins.includes(origin) || originAllowed(origin, allowedDomains);
}

function contextOf(raw: unknown, referer: string | null | undefined): LeadFormContext {
  if (typeof raw === "string" && raw.length > 0 && raw.length <= 5_000) {
    try {
      const parsed = JSON.parse(raw) as { landingPage?: unknown; referrer?: unknown } | null;
      if (parsed && typeof parsed === "object") return captureContext(parsed);
    } catch {
      // Not JSON: ignored.
    }
  }
  return captureContext({ landingPage: referer ?? undefined });
}

/** The answers part of the fields (system keys and captcha widget keys removed). */
function answerFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith("_") || WIDGET_RESPONSE_KEYS.includes(k)) continue;
    out[k] = v;
  }
  return out;
}

/** What a spam submission keeps of its raw answers: at most 50 keys, strings capped at 5,000 characters. */
function rawForSpam(fields: Record<string, unknown>): Record<string, unknown> {
  const cap = (v: unknown): unknown =>
    typeof v === "string"
      ? v.slice(0, LEAD_FORM_LIMITS.longText)
      : Array.isArray(v)
        ? v.slice(0, LEAD_FORM_LIMITS.options).map(cap)
        : typeof v === "number" || typeof v === "boolean"
          ? v
          : null;
  return Object.fromEntries(
    Object.entries(fields)
      .slice(0, LEAD_FORM_LIMITS.fields)
      .map(([k, v]) => [k.slice(0, LEAD_FORM_LIMITS.key), cap(v)]),
  );
}

/**
 * Receives one submission of a published form, end to end: the form must exist (else `not_found`) and be
 * open (`closed`: closed, limit reached or past its closing time); the origin must be this app or one of
 * the form's allowed domains (`forbidden_origin`); the client IP and the form are rate-limited
 * (`rate_limited`). Then the spam checks, which keep a submission as spam rather than refuse it: a filled
 * honeypot (`honeypot`), a missing or forged timing token (`no_token`, `bad_token`), one sent sooner than
 * the form's minimum fill time (`too_fast`), a disposable email address (`disposable_email`). An
 * expired token, answers the form's checker refuses or a captcha the provider refuses answer `invalid`
 * (nothing stored); a token used before answers `replayed`. An accepted submission is stored first
 * (`storeSubmission`), then the background function is asked to process it; if that request fails the
 * submission stays `received` and `sweep-lead-form-submissions` hands it over again.
 * Errors: only unexpected ones (database down), which the route handler answers as 503.
 */
export async function receiveSubmission(db: Db, req: SubmissionRequest): Promise<SubmissionOutcome> {
  return receive(db, req, false);
}

/**
 * `receiveSubmission` on the form as this process last read it (`fresh` false, at most 1 s old) or as
 * the database has it now (`fresh` true). A kept form that changed meanwhile (closed, at its limit, a new
 * version) makes the store refuse the submission; it is then received once more on the fresh form, with
 * its rate limit already charged.
 */
async function receive(db: Db, req: SubmissionRequest, fresh: boolean): Promise<SubmissionOutcome> {
  const now = req.now ?? new Date();
  const loaded = await loadPublishedFormForSubmit(db, req.formId, now, { fresh });
  if (!loaded) return { kind: "not_found" };
  const { captcha: storedCaptcha, ...form } = loaded;
  if (form.state !== "open") return { kind: "closed", form };
  const settings = form.definition.settings;
  if (!submissionOriginAllowed(req.origin, req.ownOrigins, settings.allowedDomains))
    return { kind: "forbidden_origin", form };

  if (!fresh) {
    const wait = await chargeSubmission(form.formId, req.ip);
    if (wait > 0) return { kind: "rate_limited", retryAfter: wait, form };
  }

  const t = leadFormTexts[settings.language];
  const fields = req.fields;
  const context = contextOf(fields[CONTEXT], req.referer);
  const answersIn = answerFields(fields);
  const checked = checkAnswers(form.definition.fields, answersIn, settings.language);

  let spamReason: string | null = null;
  const honeypot = fields[HONEYPOT];
  if (
    honeypot !== undefined &&
    honeypot !== "" &&
    !(Array.isArray(honeypot) && honeypot.every((v) => v === ""))
  )
    spamReason = "honeypot";
  const timing = checkTimingToken(form.formId, fields[TOKEN], settings.minFillSeconds, now);
  if (timing.kind === "expired" && spamReason === null)
    return {
      kind: "invalid",
      errors: checked.ok ? {} : checked.errors,
      formError: t.failed,
      token: issueTimingToken(form.formId, now),
      form,
    };
  if (spamReason === null && timing.kind === "missing") spamReason = "no_token";
  if (spamReason === null && timing.kind === "invalid") spamReason = "bad_token";
  if (spamReason === null && timing.kind === "too_fast") spamReason = "too_fast";
  const nonce = timing.kind === "ok" || timing.kind === "too_fast" ? timing.nonce : null;

  if (spamReason === null) {
    if (!checked.ok) return { kind: "invalid", errors: checked.errors, form };
    const emails = form.definition.fields
      .filter((f) => f.type === "email")
      .map((f) => checked.answers[f.key])
      .filter((v): v is string => typeof v === "string");
    for (const email of emails) if (await isDisposableEmail(email)) spamReason = "disposable_email";
  }

  if (spamReason === null) {
    const captcha = storedCaptcha ? openCaptcha(form.businessId, storedCaptcha) : null;
    if (captcha) {
      const response =
        fields[CAPTCHA] ?? WIDGET_RESPONSE_KEYS.map((k) => fields[k]).find((v) => typeof v === "string");
      const verdict = await verifyCaptcha(captcha, Array.isArray(response) ? response[0] : response, {
        remoteIp: req.ip,
        idempotencyKey: nonce ?? undefined,
      });
      if (!verdict.ok) return { kind: "invalid", errors: {}, formError: t.failed, form };
    }
  }

  const answers = checked.ok ? checked.answers : rawForSpam(answersIn);
  const stored = await storeSubmission(db, form, { answers, context, tokenNonce: nonce, spamReason }, now);
  if (stored.kind === "replayed") return { kind: "replayed", form };
  if (stored.kind === "closed") return fresh ? { kind: "closed", form } : receive(db, req, true);

  if (stored.status === "received") {
    try {
      await sendEvent({
        name: "lead-forms/submission.received",
        data: { submissionId: stored.id, businessId: form.businessId },
      });
    } catch (err) {
      logger.error(
        { err, submissionId: stored.id },
        "lead form submission stored but not handed to the background",
      );
    }
  }
  return { kind: "accepted", id: stored.id, spam: stored.status === "spam", form };
}
