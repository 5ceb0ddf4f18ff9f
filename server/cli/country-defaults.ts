/**
 * Default time zone and currency for a country, used by `crm business create` when the flags are not
 * given. A compact table of the countries our users are in (no country → zone/currency package is
 * installed); the zone is the one most of the country's businesses use. Currencies are ISO 4217 as in
 * force today (Croatia EUR since 2023, Bulgaria EUR since 2026).
 */
const table: Record<string, readonly [timeZone: string, currency: string]> = {
  // South Asia, Iran and Central Asia
  IN: ["Asia/Kolkata", "INR"],
  IR: ["Asia/Tehran", "IRR"],
  PK: ["Asia/Karachi", "PKR"],
  BD: ["Asia/Dhaka", "BDT"],
  LK: ["Asia/Colombo", "LKR"],
  NP: ["Asia/Kathmandu", "NPR"],
  AF: ["Asia/Kabul", "AFN"],
  MV: ["Indian/Maldives", "MVR"],
  KZ: ["Asia/Almaty", "KZT"],
  UZ: ["Asia/Tashkent", "UZS"],
  AZ: ["Asia/Baku", "AZN"],
  GE: ["Asia/Tbilisi", "GEL"],
  AM: ["Asia/Yerevan", "AMD"],
  // Gulf and Middle East
  AE: ["Asia/Dubai", "AED"],
  SA: ["Asia/Riyadh", "SAR"],
  QA: ["Asia/Qatar", "QAR"],
  KW: ["Asia/Kuwait", "KWD"],
  BH: ["Asia/Bahrain", "BHD"],
  OM: ["Asia/Muscat", "OMR"],
  IQ: ["Asia/Baghdad", "IQD"],
  JO: ["Asia/Amman", "JOD"],
  LB: ["Asia/Beirut", "LBP"],
  IL: ["Asia/Jerusalem", "ILS"],
  TR: ["Europe/Istanbul", "TRY"],
  // North America
  US: ["America/New_York", "USD"],
  CA: ["America/Toronto", "CAD"],
  MX: ["America/Mexico_City", "MXN"],
  PR: ["America/Puerto_Rico", "USD"],
  // Europe
  GB: ["Europe/London", "GBP"],
  IE: ["Europe/Dublin", "EUR"],
  FR: ["Europe/Paris", "EUR"],
  DE: ["Europe/Berlin", "EUR"],
  ES: ["Europe/Madrid", "EUR"],
  PT: ["Europe/Lisbon", "EUR"],
  IT: ["Europe/Rome", "EUR"],
  NL: ["Europe/Amsterdam", "EUR"],
  BE: ["Europe/Brussels", "EUR"],
  LU: ["Europe/Luxembourg", "EUR"],
  AT: ["Europe/Vienna", "EUR"],
  CH: ["Europe/Zurich", "CHF"],
  SE: ["Europe/Stockholm", "SEK"],
  NO: ["Europe/Oslo", "NOK"],
  DK: ["Europe/Copenhagen", "DKK"],
  FI: ["Europe/Helsinki", "EUR"],
  IS: ["Atlantic/Reykjavik", "ISK"],
  PL: ["Europe/Warsaw", "PLN"],
  CZ: ["Europe/Prague", "CZK"],
  SK: ["Europe/Bratislava", "EUR"],
  HU: ["Europe/Budapest", "HUF"],
  RO: ["Europe/Bucharest", "RON"],
  BG: ["Europe/Sofia", "EUR"],
  GR: ["Europe/Athens", "EUR"],
  HR: ["Europe/Zagreb", "EUR"],
  SI: ["Europe/Ljubljana", "EUR"],
  RS: ["Europe/Belgrade", "RSD"],
  EE: ["Europe/Tallinn", "EUR"],
  LV: ["Europe/Riga", "EUR"],
  LT: ["Europe/Vilnius", "EUR"],
  CY: ["Asia/Nicosia", "EUR"],
  MT: ["Europe/Malta", "EUR"],
  UA: ["Europe/Kyiv", "UAH"],
  RU: ["Europe/Moscow", "RUB"],
  // East and South-East Asia, Oceania
  CN: ["Asia/Shanghai", "CNY"],
  HK: ["Asia/Hong_Kong", "HKD"],
  TW: ["Asia/Taipei", "TWD"],
  JP: ["Asia/Tokyo", "JPY"],
  KR: ["Asia/Seoul", "KRW"],
  SG: ["Asia/Singapore", "SGD"],
  MY: ["Asia/Kuala_Lumpur", "MYR"],
  ID: ["Asia/Jakarta", "IDR"],
  TH: ["Asia/Bangkok", "THB"],
  VN: ["Asia/Ho_Chi_Minh", "VND"],
  PH: ["Asia/Manila", "PHP"],
  MM: ["Asia/Yangon", "MMK"],
  KH: ["Asia/Phnom_Penh", "KHR"],
  AU: ["Australia/Sydney", "AUD"],
  NZ: ["Pacific/Auckland", "NZD"],
  // Africa
  EG: ["Africa/Cairo", "EGP"],
  MA: ["Africa/Casablanca", "MAD"],
  DZ: ["Africa/Algiers", "DZD"],
  TN: ["Africa/Tunis", "TND"],
  NG: ["Africa/Lagos", "NGN"],
  GH: ["Africa/Accra", "GHS"],
  SN: ["Africa/Dakar", "XOF"],
  CI: ["Africa/Abidjan", "XOF"],
  CM: ["Africa/Douala", "XAF"],
  KE: ["Africa/Nairobi", "KES"],
  UG: ["Africa/Kampala", "UGX"],
  TZ: ["Africa/Dar_es_Salaam", "TZS"],
  RW: ["Africa/Kigali", "RWF"],
  ET: ["Africa/Addis_Ababa", "ETB"],
  ZA: ["Africa/Johannesburg", "ZAR"],
  MU: ["Indian/Mauritius", "MUR"],
  // Latin America and the Caribbean
  BR: ["America/Sao_Paulo", "BRL"],
  AR: ["America/Argentina/Buenos_Aires", "ARS"],
  CL: ["America/Santiago", "CLP"],
  CO: ["America/Bogota", "COP"],
  PE: ["America/Lima", "PEN"],
  EC: ["America/Guayaquil", "USD"],
  UY: ["America/Montevideo", "UYU"],
  PY: ["America/Asuncion", "PYG"],
  BO: ["America/La_Paz", "BOB"],
  VE: ["America/Caracas", "VES"],
  CR: ["America/Costa_Rica", "CRC"],
  PA: ["America/Panama", "USD"],
  GT: ["America/Guatemala", "GTQ"],
  DO: ["America/Santo_Domingo", "DOP"],
  JM: ["America/Jamaica", "JMD"],
};

/** Countries with a default in the table (ISO 3166-1 alpha-2). */
export const countriesWithDefaults: readonly string[] = Object.keys(table);

/**
 * The default time zone (IANA) and currency (ISO 4217) of `country` (ISO 3166-1 alpha-2, any case).
 * Outside the table, the time zone comes from the runtime's locale data when the country has exactly
 * one zone; a value is undefined when no default is known (the caller then asks for the flag).
 */
export function countryDefaults(country: string): { timeZone?: string; currency?: string } {
  const code = country.trim().toUpperCase();
  const row = table[code];
  if (row) return { timeZone: row[0], currency: row[1] };
  return { timeZone: singleZoneOf(code) };
}

/** The one time zone of a country per ICU (`Intl.Locale#timeZones`), or undefined if not exactly one. */
function singleZoneOf(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & {
      timeZones?: string[];
      getTimeZones?: () => string[];
    };
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    return zones?.length === 1 ? zones[0] : undefined;
  } catch {
    return undefined;
  }
}
