import { getCountries } from "libphonenumber-js";

/**
 * Country, time zone and currency choices for the business form, and the guesses that pre-fill it.
 * Pure (no DOM): option lists are built on the server and passed to the form, so the server HTML and
 * the hydrated form always list the same options.
 */

export interface Option {
  value: string;
  label: string;
}

export interface LocaleOptions {
  countries: Option[];
  timeZones: Option[];
  /** Currencies of the countries most of our users are in, shown first. */
  commonCurrencies: Option[];
  currencies: Option[];
}

/** Display language of names; the app's UI is English. */
const LANG = "en";

/** Country → its currency (ISO 4217) for the countries we see most; the rest default to USD. */
const currencyByCountry: Record<string, string> = {
  IN: "INR",
  IR: "IRR",
  US: "USD",
  GB: "GBP",
  AE: "AED",
  PK: "PKR",
  BD: "BDT",
  LK: "LKR",
  NP: "NPR",
  AF: "AFN",
  IQ: "IQD",
  SA: "SAR",
  QA: "QAR",
  KW: "KWD",
  OM: "OMR",
  BH: "BHD",
  TR: "TRY",
  EG: "EGP",
  NG: "NGN",
  KE: "KES",
  ZA: "ZAR",
  CA: "CAD",
  AU: "AUD",
  NZ: "NZD",
  SG: "SGD",
  MY: "MYR",
  ID: "IDR",
  PH: "PHP",
  TH: "THB",
  JP: "JPY",
  CN: "CNY",
  HK: "HKD",
  BR: "BRL",
  MX: "MXN",
  CH: "CHF",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
};

/** Euro area members (European Central Bank). */
const euroCountries = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PT",
  "SK",
  "SI",
  "ES",
];
for (const c of euroCountries) currencyByCountry[c] = "EUR";

/**
 * The time zone a business in the country almost always uses. Only countries where one zone is the
 * obvious answer (most people, the capital); multi-zone countries such as US, CA, AU, BR, RU are left out.
 */
const zoneByCountry: Record<string, string> = {
  IN: "Asia/Kolkata",
  IR: "Asia/Tehran",
  GB: "Europe/London",
  AE: "Asia/Dubai",
  PK: "Asia/Karachi",
  BD: "Asia/Dhaka",
  LK: "Asia/Colombo",
  NP: "Asia/Kathmandu",
  AF: "Asia/Kabul",
  IQ: "Asia/Baghdad",
  SA: "Asia/Riyadh",
  QA: "Asia/Qatar",
  KW: "Asia/Kuwait",
  OM: "Asia/Muscat",
  BH: "Asia/Bahrain",
  TR: "Europe/Istanbul",
  EG: "Africa/Cairo",
  NG: "Africa/Lagos",
  KE: "Africa/Nairobi",
  ZA: "Africa/Johannesburg",
  SG: "Asia/Singapore",
  MY: "Asia/Kuala_Lumpur",
  PH: "Asia/Manila",
  TH: "Asia/Bangkok",
  JP: "Asia/Tokyo",
  CN: "Asia/Shanghai",
  HK: "Asia/Hong_Kong",
  NZ: "Pacific/Auckland",
  IE: "Europe/Dublin",
  FR: "Europe/Paris",
  DE: "Europe/Berlin",
  IT: "Europe/Rome",
  ES: "Europe/Madrid",
  NL: "Europe/Amsterdam",
  BE: "Europe/Brussels",
  CH: "Europe/Zurich",
  AT: "Europe/Vienna",
  SE: "Europe/Stockholm",
  NO: "Europe/Oslo",
  DK: "Europe/Copenhagen",
  PL: "Europe/Warsaw",
};

/** CLDR keeps old names as canonical (Asia/Calcutta); people know the current IANA names. */
const renamedZones: Record<string, string> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Rangoon": "Asia/Yangon",
  "Europe/Kiev": "Europe/Kyiv",
  "Atlantic/Faeroe": "Atlantic/Faroe",
};

const commonCurrencyCodes = ["INR", "IRR", "USD", "EUR", "GBP", "AED", "PKR", "BDT", "SAR", "CAD", "AUD"];

function isKnownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat(LANG, { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The current IANA name of `tz` when the runtime knows it (Asia/Calcutta → Asia/Kolkata). */
export function canonicalZone(tz: string): string {
  const renamed = renamedZones[tz];
  return renamed && isKnownZone(renamed) ? renamed : tz;
}

/** Minutes east of UTC of `tz` at `at`. */
function offsetMinutes(tz: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Countries (ISO 3166-1 alpha-2, the ones phone numbers are validated for) with English names, by name. */
export function countryOptions(): Option[] {
  const names = new Intl.DisplayNames([LANG], { type: "region", fallback: "code" });
  return getCountries()
    .map((code) => ({ value: code, label: names.of(code) ?? code }))
    .sort((a, b) => a.label.localeCompare(b.label, LANG));
}

/**
 * IANA time zones labelled with their current UTC offset, sorted by offset then name. `include` adds
 * zones the runtime list may lack (the business's stored zone), so the select can always show it.
 */
export function timeZoneOptions(include: readonly string[] = []): Option[] {
  const zones = new Set<string>(Intl.supportedValuesOf("timeZone").map(canonicalZone));
  zones.add("UTC");
  for (const z of include) if (z && isKnownZone(z)) zones.add(z);
  const now = new Date();
  return [...zones]
    .map((z) => ({ z, offset: offsetMinutes(z, now) }))
    .sort((a, b) => a.offset - b.offset || a.z.localeCompare(b.z))
    .map(({ z, offset }) => ({ value: z, label: `(${formatOffset(offset)}) ${z.replaceAll("_", " ")}` }));
}

/** ISO 4217 currencies with English names; `common` holds the usual ones (shown first). */
export function currencyOptions(): { common: Option[]; all: Option[] } {
  const names = new Intl.DisplayNames([LANG], { type: "currency", fallback: "code" });
  const all = Intl.supportedValuesOf("currency")
    .map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }))
    .sort((a, b) => a.value.localeCompare(b.value));
  const common = commonCurrencyCodes.flatMap((code) => all.filter((o) => o.value === code));
  return { common, all };
}

/** Every option list of the business form. */
export function localeOptions(include: { timeZone?: string } = {}): LocaleOptions {
  const currencies = currencyOptions();
  return {
    countries: countryOptions(),
    timeZones: timeZoneOptions(include.timeZone ? [include.timeZone] : []),
    commonCurrencies: currencies.common,
    currencies: currencies.all,
  };
}

/** The currency a business in `country` most likely uses, if we know it. */
export function currencyForCountry(country: string): string | undefined {
  return currencyByCountry[country.toUpperCase()];
}

/** Zones of a country from the runtime (`Intl.Locale#getTimeZones`, Chromium/Safari), if supported. */
function runtimeZonesOf(country: string): string[] | undefined {
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & {
      getTimeZones?: () => string[] | undefined;
      timeZones?: string[];
    };
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    return zones?.map(canonicalZone);
  } catch {
    return undefined;
  }
}

/** Whether `tz` is one of the zones of `country` (as far as we can tell). */
export function zoneIsInCountry(tz: string, country: string): boolean {
  const zone = canonicalZone(tz);
  if (zoneByCountry[country] === zone) return true;
  return runtimeZonesOf(country)?.includes(zone) ?? false;
}

/** The obvious time zone of `country`: ours for known countries, else its only zone; undefined when unclear. */
export function zoneForCountry(country: string): string | undefined {
  const cc = country.toUpperCase();
  const known = zoneByCountry[cc];
  if (known) return known;
  const zones = runtimeZonesOf(cc);
  return zones?.length === 1 ? zones[0] : undefined;
}

/** The country whose obvious zone is `tz` (Asia/Kolkata → IN), if any. */
export function countryForZone(tz: string): string | undefined {
  const zone = canonicalZone(tz);
  return Object.entries(zoneByCountry).find(([, z]) => z === zone)?.[0];
}

/** The region of the first language tag that names one (`en-IN` → IN; `fa` → IR by likely subtags). */
export function countryFromLanguages(languages: readonly string[]): string | undefined {
  const valid = new Set<string>(getCountries());
  for (const tag of languages) {
    try {
      const region = new Intl.Locale(tag).region;
      if (region && valid.has(region)) return region;
    } catch {
      // not a language tag
    }
  }
  const first = languages[0];
  if (!first) return undefined;
  try {
    const region = new Intl.Locale(first).maximize().region;
    return region && valid.has(region) ? region : undefined;
  } catch {
    return undefined;
  }
}

/** Language tags of an `Accept-Language` header, best first (RFC 9110 §12.5.4). */
export function parseAcceptLanguage(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.tag && l.tag !== "*")
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}

/**
 * A URL-safe address from a business name: lowercase ASCII letters, digits and single hyphens, at most
 * 48 characters (the slug rules of `slugSchema`). Names with no Latin letters give "".
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
}

/** Defaults for a new business from what the server knows (`Accept-Language`). */
export function serverDefaults(acceptLanguage: string | null): {
  country: string;
  timeZone: string;
  currency: string;
} {
  const country = countryFromLanguages(parseAcceptLanguage(acceptLanguage)) ?? "US";
  return {
    country,
    timeZone: zoneForCountry(country) ?? "UTC",
    currency: currencyForCountry(country) ?? "USD",
  };
}
