import { z } from "zod";
import { AppError } from "@/server/errors";
import { type DateOrder, isoDateOf, parseDateText } from "./dates";
import { parsePhoneCell } from "./phone-cell";
import type { CustomFieldType } from "./types";

/** A custom field as the import needs it: its key, type and, for selects, its options. */
export interface CustomFieldDefinition {
  key: string;
  type: CustomFieldType;
  /** Choices of a single or multi select. */
  options?: string[];
}

export type CustomValueResult =
  | { ok: true; value: string | number | boolean | string[] }
  | { ok: false; reason: string };

/** Reads one non-empty, trimmed cell into the stored shape of one custom field. */
export type CustomValueParser = (text: string) => CustomValueResult;

/** Longest values, in characters (code points), as for values typed in the app. */
export const CUSTOM_VALUE_LIMITS = { text: 1_000, longText: 10_000, url: 2_048, email: 254 } as const;

const emailPattern = z.regexes.email;
/** Plain decimals, or grouped by commas in thousands (1,234,567) or Indian lakhs (12,34,567). */
const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const groupedNumber = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3})(?:\.\d+)?$/;
const spaces = /[\s\u00a0]/g;
const crlf = /\r\n?/g;
const hasScheme = /^[a-z][a-z0-9+.-]*:/i;
const listSeparators = /[,;|]/;

const booleanWords = new Map<string, boolean>();
for (const w of [
  "yes",
  "y",
  "true",
  "t",
  "1",
  "optin",
  "optedin",
  "subscribed",
  "on",
  "x",
  "agree",
  "agreed",
])
  booleanWords.set(w, true);
for (const w of ["granted", "بله", "آره", "हाँ", "हां"]) booleanWords.set(w, true);
for (const w of [
  "no",
  "n",
  "false",
  "f",
  "0",
  "optout",
  "optedout",
  "unsubscribed",
  "off",
  "declined",
  "denied",
])
  booleanWords.set(w, false);
for (const w of ["خیر", "نه", "नहीं"]) booleanWords.set(w, false);
const notWordChars = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * yes/no/true/false/1/0/y/n/opt-in/opt-out/subscribed/unsubscribed (and Persian and Hindi yes/no),
 * ignoring case, spaces and punctuation; undefined when the text is none of them.
 */
export function parseYesNo(text: string): boolean | undefined {
  return (
    booleanWords.get(text.toLowerCase()) ?? booleanWords.get(text.toLowerCase().replace(notWordChars, ""))
  );
}

function decimal(text: string): string | null {
  const s = text.replace(spaces, "");
  if (plainNumber.test(s)) return s;
  if (groupedNumber.test(s)) return s.replaceAll(",", "");
  return null;
}

function codePoints(s: string): number {
  if (s.length <= CUSTOM_VALUE_LIMITS.text) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Digits after the decimal point of an ISO 4217 currency (INR 2, JPY 0, BHD 3), from the runtime's ICU. */
function currencyExponent(currency: string): number {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

function currencySymbols(currency: string): string[] {
  const symbols = new Set([currency.toUpperCase()]);
  for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
    const part = new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay })
      .formatToParts(1)
      .find((p) => p.type === "currency");
    if (part) symbols.add(part.value.toUpperCase());
  }
  return [...symbols].sort((a, b) => b.length - a.length);
}

function matchOption(options: readonly string[], text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  return options.find((o) => o.toLowerCase() === wanted);
}

/**
 * Builds the parser of one custom field's cells. Stored shapes are those of values typed in the app:
 * text ≤ 1,000 and long text ≤ 10,000 characters (CRLF → LF); number (thousands or lakh grouping
 * accepted); currency as integer minor units of the business currency (ISO 4217; "₹1,250.50" → 125050,
 * no more decimals than the currency has); date → YYYY-MM-DD (`parseDateText`); boolean (`parseYesNo`);
 * single select → the option's own spelling (case-insensitive match); multi select → options split on
 * `,` `;` `|`, deduplicated; URL → http(s) only, "example.com" → "https://example.com/" (WHATWG URL),
 * ≤ 2,048; email → lower-cased, zod's email rule, ≤ 254 (RFC 5321); phone → E.164 (`parsePhoneCell`),
 * extensions refused.
 *
 * @throws AppError("VALIDATION") for a currency field without a valid `currency`, or a select without options
 */
export function createCustomValueParser(
  field: CustomFieldDefinition,
  context: { country: string; currency?: string; dateOrder: DateOrder },
): CustomValueParser {
  switch (field.type) {
    case "text":
    case "long_text": {
      const max = field.type === "text" ? CUSTOM_VALUE_LIMITS.text : CUSTOM_VALUE_LIMITS.longText;
      const reason = `Longer than ${max.toLocaleString("en-US")} characters.`;
      return (text) => {
        const value = text.indexOf("\r") === -1 ? text : text.replace(crlf, "\n");
        return codePoints(value) > max ? { ok: false, reason } : { ok: true, value };
      };
    }
    case "number":
      return (text) => {
        const d = decimal(text);
        const n = d === null ? Number.NaN : Number(d);
        return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: "Not a number." };
      };
    case "currency": {
      const currency = context.currency?.toUpperCase() ?? "";
      let exponent: number;
      let symbols: string[];
      try {
        exponent = currencyExponent(currency);
        symbols = currencySymbols(currency);
      } catch {
        throw new AppError(
          "VALIDATION",
          `The custom field "${field.key}" holds amounts: the business's currency is needed.`,
        );
      }
      const example = `Not an amount like 1250.50 (${currency}).`;
      return (text) => {
        let s = text;
        const upper = s.toUpperCase();
        for (const sym of symbols) {
          if (upper.startsWith(sym)) {
            s = s.slice(sym.length).trim();
            break;
          }
          if (upper.endsWith(sym)) {
            s = s.slice(0, -sym.length).trim();
            break;
          }
        }
        const d = decimal(s);
        if (d === null || d.includes("e") || d.includes("E")) return { ok: false, reason: example };
        const negative = d.startsWith("-");
        const [whole = "0", fraction = ""] = d.replace(/^[+-]/, "").split(".");
        if (fraction.length > exponent)
          return {
            ok: false,
            reason:
              exponent === 0
                ? `${currency} amounts have no decimals.`
                : `Use at most ${exponent} decimals for ${currency}.`,
          };
        const minor = Number((whole || "0") + fraction.padEnd(exponent, "0"));
        if (!Number.isSafeInteger(minor)) return { ok: false, reason: "This amount is too large." };
        return { ok: true, value: negative && minor !== 0 ? -minor : minor };
      };
    }
    case "date":
      return (text) => {
        const r = parseDateText(text, context.dateOrder);
        return r.ok ? { ok: true, value: isoDateOf(r.value) } : r;
      };
    case "boolean":
      return (text) => {
        const b = parseYesNo(text);
        return b === undefined
          ? { ok: false, reason: "Not a yes/no value; use yes or no." }
          : { ok: true, value: b };
      };
    case "single_select":
    case "multi_select": {
      const options = field.options ?? [];
      if (options.length === 0)
        throw new AppError("VALIDATION", `The custom field "${field.key}" has no options to choose from.`);
      const list = options.length <= 10 ? options.join(", ") : `${options.slice(0, 10).join(", ")}…`;
      if (field.type === "single_select")
        return (text) => {
          const option = matchOption(options, text);
          return option
            ? { ok: true, value: option }
            : { ok: false, reason: `Not one of the options (${list}).` };
        };
      return (text) => {
        const out: string[] = [];
        for (const item of text.split(listSeparators)) {
          if (item.trim() === "") continue;
          const option = matchOption(options, item);
          if (!option)
            return {
              ok: false,
              reason: `"${item.trim().slice(0, 40)}" is not one of the options (${list}).`,
            };
          if (!out.includes(option)) out.push(option);
        }
        return { ok: true, value: out };
      };
    }
    case "url":
      return (text) => {
        const withScheme = hasScheme.test(text) ? text : `https://${text}`;
        let url: URL;
        try {
          url = new URL(withScheme);
        } catch {
          return { ok: false, reason: "Not a valid web address." };
        }
        if (url.protocol !== "http:" && url.protocol !== "https:")
          return { ok: false, reason: "Use a link that starts with http:// or https://." };
        if (!url.hostname.includes(".") && url.hostname !== "localhost")
          return { ok: false, reason: "Not a valid web address." };
        if (url.href.length > CUSTOM_VALUE_LIMITS.url) return { ok: false, reason: "This link is too long." };
        return { ok: true, value: url.href };
      };
    case "email":
      return (text) => {
        const value = text.toLowerCase();
        return value.length <= CUSTOM_VALUE_LIMITS.email && emailPattern.test(value)
          ? { ok: true, value }
          : { ok: false, reason: "Not a valid email address." };
      };
    case "phone":
      return (text) => {
        const r = parsePhoneCell(text, context.country);
        if (!r.ok) return r;
        if (r.extension) return { ok: false, reason: "Extensions cannot be stored in this field." };
        return { ok: true, value: r.e164 };
      };
  }
}
