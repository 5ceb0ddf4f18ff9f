import { type CountryCode, getCountryCallingCode, isSupportedCountry } from "libphonenumber-js";
import { toE164 } from "@/server/domain/phone";

export type PhoneCellResult =
  | { ok: true; e164: string; extension: string | null }
  | { ok: false; reason: string };

/** "(496)978-3969x58947", "555-0100 ext. 12", "555-0100 #12" → number and extension. */
const extensionSuffix = /^(.*?\d[\s.)]*)[\s,;]*(?:ext\.?|extn\.?|extension|x|#)\s*(\d{1,10})$/i;
/** Only digits, an optional leading +, and the punctuation people type between groups. */
const plainPhone = /^\+?[\d\s().\-/\u00a0\u2010-\u2015]+$/;
const separators = /[\s().\-/\u00a0\u2010-\u2015]/g;
/** "9.49188E+09": a spreadsheet turned the number into a float and lost its last digits. */
const scientific = /^\d+(?:[.,]\d+)?e\+?\d+$/i;
/** Arabic-Indic, Persian (Extended Arabic-Indic), Devanagari and full-width digits. */
const foreignDigits = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19]/g;
const nonAscii = /[^\u0020-\u007e]/;

const nanpNational = /^1?\d{10}$/;
const nanpInternational = /^\+1\d{10}$/;
const nanpCountries = new Map<string, boolean>();
const invalidReasons = new Map<string, string>();

/** The sentence `toE164` gives for an invalid number, for the numbers refused before calling it. */
function invalidReason(country: string): string {
  let reason = invalidReasons.get(country);
  if (reason === undefined) {
    reason = `Not a valid phone number${isSupportedCountry(country) ? ` for ${country}` : ""}.`;
    invalidReasons.set(country, reason);
  }
  return reason;
}

/** Whether `country` dials with calling code 1 (the North American Numbering Plan). */
function isNanp(country: string): boolean {
  let nanp = nanpCountries.get(country);
  if (nanp === undefined) {
    nanp = isSupportedCountry(country) && getCountryCallingCode(country as CountryCode) === "1";
    nanpCountries.set(country, nanp);
  }
  return nanp;
}

function asciiDigit(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code <= 0x0669) return String(code - 0x0660);
  if (code <= 0x06f9) return String(code - 0x06f0);
  if (code <= 0x096f) return String(code - 0x0966);
  return String(code - 0xff10);
}

/**
 * Reads a phone cell into E.164 (ITU-T E.164, via `toE164` and libphonenumber-js) with `country` (the
 * business's ISO 3166-1 alpha-2 country) for national numbers. Accepts the usual punctuation, Persian,
 * Arabic and Devanagari digits, an extension after "x", "ext." or "#", and "001" as +1 in NANP countries
 * (so "001-808-617-6467" is +1 808 617 6467 in the US, whose own international prefix is 011).
 *
 * @param text the cell, trimmed and not empty
 * @returns `{ ok, e164, extension }` or `{ ok: false, reason }` with a sentence for the user
 */
export function parsePhoneCell(text: string, defaultCountry: string): PhoneCellResult {
  const country = defaultCountry.toUpperCase();
  let input = nonAscii.test(text) ? text.replace(foreignDigits, asciiDigit) : text;
  if (scientific.test(input))
    return {
      ok: false,
      reason: `"${text}" was saved in scientific notation and has lost digits; format the column as text and export it again.`,
    };
  let extension: string | null = null;
  const ext = extensionSuffix.exec(input);
  if (ext) {
    input = ext[1]!;
    extension = ext[2]!;
  }
  if (plainPhone.test(input)) {
    input = input.replace(separators, "");
    const nanp = isNanp(country);
    // "001…" is how the rest of the world dials +1; NANP's own international prefix is 011, so
    // libphonenumber-js would read it as a national number. (Where 00 is the prefix it handles it.)
    if (nanp && input.startsWith("001")) input = `+1${input.slice(3)}`;
    // NANP area codes start with 2-9 (NANPA numbering plan; every +1 country's pattern in libphonenumber's
    // metadata agrees): refuse the others without the costly search through the 25 NANP countries, and
    // hand the rest over in international form, which libphonenumber-js resolves faster (same result).
    // (A national "011…" is the NANP international prefix: left to libphonenumber-js.)
    const nsn = nanpInternational.test(input)
      ? input.slice(2)
      : nanp && nanpNational.test(input) && !input.startsWith("011")
        ? input.slice(input.length - 10)
        : null;
    if (nsn !== null) {
      if (nsn.charCodeAt(0) < 50) return { ok: false, reason: invalidReason(country) };
      input = `+1${nsn}`;
    }
  }
  const result = toE164(input, country);
  if (!result.ok) return result;
  return { ok: true, e164: result.e164, extension: extension ?? result.extension ?? null };
}
