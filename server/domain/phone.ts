import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js";

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

/** Formats an E.164 number for display in its own country's national format; unchanged if unparsable. */
export function formatPhone(e164: string | null | undefined, businessCountry?: string): string {
  if (!e164) return "";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country && parsed.country === businessCountry?.toUpperCase()
    ? parsed.formatNational()
    : parsed.formatInternational();
}
