import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js";
import { E164_PATTERN } from "./e164";

/**
 * Parses a phone number typed in any common format into E.164 (ITU-T E.164, via libphonenumber-js),
 * with `defaultCountry` (ISO 3166-1 alpha-2) for national numbers.
 * Returns `{ ok: true, e164 }` or `{ ok: false, reason }` with a sentence for the user.
 */
export function toE164(
  input: string,
  defaultCountry?: string,
): { ok: true; e164: string; extension?: string } | { ok: false; reason: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: "Phone number is empty." };
  const country =
    defaultCountry && isSupportedCountry(defaultCountry.toUpperCase())
      ? (defaultCountry.toUpperCase() as CountryCode)
      : undefined;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  if (!parsed) return { ok: false, reason: "Not a phone number." };
  if (!parsed.isValid())
    return { ok: false, reason: `Not a valid phone number${country ? ` for ${country}` : ""}.` };
  return { ok: true, e164: parsed.number, extension: parsed.ext };
}

/**
 * Countries whose national format (libphonenumber's, from the ITU numbering plans) is not how people
 * there write a number. India: it puts the trunk prefix 0 before mobile numbers ("094918 83981"), while
 * people write "94918 83981" or "+91 94918 83981"; the international form is right for mobiles and
 * landlines alike, so it is used for the business's own country too.
 */
const internationalAtHome: ReadonlySet<string> = new Set(["IN"]);

/**
 * Formats an E.164 number as people of the business's country write it: a number of `businessCountry`
 * (ISO 3166-1 alpha-2, any case) in its national format ("(201) 555-0123" in the US, "020 7946 0958" in
 * the UK), except where that format is not the written one (`internationalAtHome`: India gets
 * "+91 94918 83981"); a number of another country, or with no business country, in international
 * format. Empty for nothing; the input unchanged when it cannot be parsed.
 */
export function formatPhoneForDisplay(e164: string | null | undefined, businessCountry?: string): string {
  if (!e164) return "";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const home = businessCountry?.toUpperCase();
  return parsed.country && parsed.country === home && !internationalAtHome.has(home)
    ? parsed.formatNational()
    : parsed.formatInternational();
}

/**
 * Every E.164 number found anywhere in `data` (objects and arrays, any depth) with its display text for
 * `businessCountry` (as `formatPhoneForDisplay`). Pages send it with data they render first, so the
 * browser shows those numbers without loading the phone library. Output: `{ e164: text }`.
 */
export function phoneDisplayMap(data: unknown, businessCountry: string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      if (E164_PATTERN.test(value) && !(value in out))
        out[value] = formatPhoneForDisplay(value, businessCountry);
      return;
    }
    if (!value || typeof value !== "object" || seen.has(value) || value instanceof Date) return;
    seen.add(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) visit(v);
  };
  visit(data);
  return out;
}
