import { z } from "zod";
import { LEAD_FORM_LIMITS, type LeadFormField, type LeadFormLanguage, leadFormTexts } from "./lead-forms";
import { toE164 } from "./phone";

/**
 * The checker of a visitor's answers, generated from a form's fields: the one schema the hosted page,
 * the embed's API and the builder's preview share. Input: an object of the visitor's values keyed by field
 * key, as JSON (strings, numbers, booleans, arrays) or as an HTML form sends them (strings, "on" for a
 * ticked box, repeated keys as arrays). Keys starting with `_` belong to the form's machinery (timing token,
 * honeypot, page context) and are removed by the caller before this runs.
 *
 * Output (`LeadFormAnswers`): per field key, a trimmed string, an E.164 phone number, a number, a
 * YYYY-MM-DD date, a boolean (checkbox, consent) or an array of option values; optional fields left empty
 * are absent. Errors: one message per field key, in the form's language (`leadFormTexts`), and
 * `unknownField` for a key the form does not have.
 */

export type LeadFormAnswerValue = string | number | boolean | string[];
export type LeadFormAnswers = Record<string, LeadFormAnswerValue>;

/** The system keys a submission may carry beside the answers. */
export const LEAD_FORM_SYSTEM_KEYS = {
  /** Signed timing token issued with the form. */
  token: "_t",
  /** Honeypot: a field people never see; bots fill it. */
  honeypot: "_hp",
  /** Captcha answer (Turnstile or hCaptcha response token). */
  captcha: "_captcha",
  /** Where the visitor came from: JSON of `{ utm_*, referrer, landingPage, source }`. */
  context: "_ctx",
} as const;

const fill = (text: string, n: number) => text.replace("{n}", String(n));

function firstString(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function asText(v: unknown): string | undefined {
  const s = firstString(v);
  if (s === undefined || s === null) return undefined;
  if (typeof s === "number" || typeof s === "boolean") return String(s);
  return typeof s === "string" ? s.trim() : undefined;
}

/** Checks one field's value. Returns `{ value }` (undefined when empty and optional) or `{ error }`. */
export function checkAnswer(
  field: LeadFormField,
  raw: unknown,
  language: LeadFormLanguage = "en",
): { value?: LeadFormAnswerValue; error?: string } {
  const t = leadFormTexts[language];
  const v = field.validation;
  const empty = (): { value?: LeadFormAnswerValue; error?: string } =>
    field.required ? { error: t.required } : {};

  switch (field.type) {
    case "checkbox":
    case "consent": {
      const s = asText(raw);
      const ticked = s === "on" || s === "true" || s === "1" || s === "yes";
      if (s !== undefined && s !== "" && !ticked && s !== "false" && s !== "0" && s !== "off")
        return { error: t.invalidChoice };
      if (!ticked) return field.required ? { error: t.required } : { value: false };
      return { value: true };
    }
    case "multi_select": {
      const list = (Array.isArray(raw) ? raw : raw === undefined || raw === "" ? [] : [raw])
        .map((x) => asText(x))
        .filter((x): x is string => !!x);
      if (list.length === 0) return empty();
      const allowed = new Set(field.options?.map((o) => o.value));
      if (list.some((x) => !allowed.has(x))) return { error: t.invalidChoice };
      return { value: [...new Set(list)] };
    }
    default:
      break;
  }

  if (Array.isArray(raw) && raw.length > 1) return { error: t.invalidChoice };
  const s = asText(raw);
  if (s === undefined || s === "") return empty();

  switch (field.type) {
    case "email": {
      if (s.length > 254 || !z.email().safeParse(s).success) return { error: t.invalidEmail };
      return { value: s.toLowerCase() };
    }
    case "phone":
    case "whatsapp": {
      if (s.length > 40) return { error: t.invalidPhone };
      const parsed = toE164(s, field.defaultCountry);
      return parsed.ok ? { value: parsed.e164 } : { error: t.invalidPhone };
    }
    case "number": {
      const n = Number(s.replace(/[\s,]/g, ""));
      if (!Number.isFinite(n) || s.length > 30) return { error: t.invalidNumber };
      if (v?.min !== undefined && n < v.min) return { error: fill(t.tooSmall, v.min) };
      if (v?.max !== undefined && n > v.max) return { error: fill(t.tooLarge, v.max) };
      return { value: n };
    }
    case "date": {
      if (!z.iso.date().safeParse(s).success) return { error: t.invalidDate };
      if (v?.minDate && s < v.minDate) return { error: t.invalidDate };
      if (v?.maxDate && s > v.maxDate) return { error: t.invalidDate };
      return { value: s };
    }
    case "select": {
      if (!field.options?.some((o) => o.value === s)) return { error: t.invalidChoice };
      return { value: s };
    }
    default: {
      const max = Math.min(
        v?.maxLength ?? Number.POSITIVE_INFINITY,
        field.type === "long_text"
          ? LEAD_FORM_LIMITS.longText
          : field.type === "hidden"
            ? LEAD_FORM_LIMITS.hidden
            : LEAD_FORM_LIMITS.shortText,
      );
      if (s.length > max) return { error: fill(t.tooLong, max) };
      if (v?.minLength !== undefined && s.length < v.minLength)
        return { error: fill(t.tooShort, v.minLength) };
      if (v?.pattern && field.type !== "hidden") {
        let ok = false;
        try {
          ok = new RegExp(`^(?:${v.pattern})$`, "u").test(s);
        } catch {
          ok = false;
        }
        if (!ok) return { error: t.pattern };
      }
      return { value: s };
    }
  }
}

/**
 * Checks a visitor's answers against a form's fields. Returns `{ ok: true, answers }` or
 * `{ ok: false, errors }` with one message per field key (and per unknown key).
 */
export function checkAnswers(
  fields: readonly LeadFormField[],
  input: Record<string, unknown>,
  language: LeadFormLanguage = "en",
): { ok: true; answers: LeadFormAnswers } | { ok: false; errors: Record<string, string> } {
  const t = leadFormTexts[language];
  const errors: Record<string, string> = {};
  const answers: LeadFormAnswers = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(input)) {
    if (key.startsWith("_")) continue;
    if (!known.has(key)) errors[key.slice(0, LEAD_FORM_LIMITS.key)] = t.unknownField;
  }
  for (const field of fields) {
    const result = checkAnswer(field, input[field.key], language);
    if (result.error) errors[field.key] = result.error;
    else if (result.value !== undefined) answers[field.key] = result.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/**
 * The same check as a zod schema (for react-hook-form in the builder's preview and for contracts):
 * parses the input object into `LeadFormAnswers`, with each error at its field key.
 */
export function answersSchema(fields: readonly LeadFormField[], language: LeadFormLanguage = "en") {
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    const result = checkAnswers(fields, input, language);
    if (result.ok) return result.answers;
    for (const [key, message] of Object.entries(result.errors))
      ctx.addIssue({ code: "custom", path: [key], message });
    return z.NEVER;
  });
}

/** UTM parameters read from a landing page's query (Google's campaign URL builder names). */
export const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

/** Where a submission came from, as stored with it. */
export interface LeadFormContext {
  utm: Partial<Record<(typeof UTM_KEYS)[number], string>>;
  referrer?: string;
  landingPage?: string;
  /** `?source=` of the landing page. */
  source?: string;
}

/**
 * Reads a submission's context from the landing page's URL and the referrer (each string capped at 500
 * characters; non-http URLs dropped). Unknown or malformed input gives an empty context, never an error.
 */
export function captureContext(input: { landingPage?: unknown; referrer?: unknown }): LeadFormContext {
  const cap = (s: string) => s.slice(0, 500);
  const httpUrl = (v: unknown): URL | undefined => {
    if (typeof v !== "string" || v.length > 2_000) return undefined;
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:" ? u : undefined;
    } catch {
      return undefined;
    }
  };
  const context: LeadFormContext = { utm: {} };
  const page = httpUrl(input.landingPage);
  if (page) {
    context.landingPage = cap(page.href);
    for (const key of UTM_KEYS) {
      const value = page.searchParams.get(key)?.trim();
      if (value) context.utm[key] = cap(value);
    }
    const source = page.searchParams.get("source")?.trim();
    if (source) context.source = cap(source);
  }
  const referrer = httpUrl(input.referrer);
  if (referrer) context.referrer = cap(referrer.href);
  return context;
}

/** The customer's source for a submission: `?source=`, then `utm_source`, then the form's default. */
export function leadSource(context: LeadFormContext, fallback?: string): string | undefined {
  return context.source ?? context.utm.utm_source ?? fallback;
}
