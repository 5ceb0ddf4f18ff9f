import { getCountries } from "libphonenumber-js";

/** Spellings people use that `Intl.DisplayNames` does not give. */
const extraNames: Record<string, string> = {
  usa: "US",
  us: "US",
  unitedstatesofamerica: "US",
  america: "US",
  uk: "GB",
  greatbritain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  uae: "AE",
  persia: "IR",
  bharat: "IN",
  hindustan: "IN",
  southkorea: "KR",
  northkorea: "KP",
  russia: "RU",
  vietnam: "VN",
  macau: "MO",
  holland: "NL",
  czechia: "CZ",
  ایران: "IR",
  भारत: "IN",
};

const key = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

let byName: Map<string, string> | null = null;

function names(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  const display = new Intl.DisplayNames(["en"], { type: "region" });
  for (const code of getCountries()) {
    map.set(key(code), code);
    const name = display.of(code);
    if (name) {
      map.set(key(name), code);
      // "Macao SAR China" → also "Macao"; "Congo - Kinshasa" → "Congo Kinshasa" (already by key).
      const short = name.split(/\s+(?:SAR|\(|-)/)[0];
      if (short && !map.has(key(short))) map.set(key(short), code);
    }
  }
  for (const [name, code] of Object.entries(extraNames)) map.set(key(name), code);
  byName = map;
  return map;
}

/**
 * The ISO 3166-1 alpha-2 code of a country cell ("India", "IN", "U.S.A.", "Macao", "ایران"), or null
 * when it names no country libphonenumber-js knows. English names from the platform's ICU
 * (`Intl.DisplayNames`), plus common short forms.
 */
export function countryCodeOf(text: string): string | null {
  const k = key(text);
  if (k === "") return null;
  return names().get(k) ?? null;
}
