import { ToWords as InternationalEnglishAE } from "to-words/en-AE";
import { ToWords as BritishEnglish } from "to-words/en-GB";
import { ToWords as IndianEnglish } from "to-words/en-IN";
import { ToWords as AmericanEnglish } from "to-words/en-US";
import { currencyExponent } from "./money";

/**
 * An amount in words for an invoice ("Amount chargeable (in words)"), by the `to-words` library: Indian
 * numbering for rupees (lakh, crore: "One Lakh Fifty Thousand Rupees And Five Paise Only"), the
 * international one otherwise, with the currency's own unit names where the library knows them. Only the
 * four English locales are loaded (the library's per-locale entry points), not its 130-odd others.
 */

type Converter = typeof AmericanEnglish;
const localeOf: Record<string, Converter> = {
  INR: IndianEnglish,
  USD: AmericanEnglish,
  GBP: BritishEnglish,
  AED: InternationalEnglishAE,
};
const units: Record<string, { name: string; plural: string; fraction: string; fractions: string }> = {
  EUR: { name: "Euro", plural: "Euros", fraction: "Cent", fractions: "Cents" },
  IRR: { name: "Rial", plural: "Rials", fraction: "Dinar", fractions: "Dinars" },
  SGD: { name: "Singapore Dollar", plural: "Singapore Dollars", fraction: "Cent", fractions: "Cents" },
  AUD: { name: "Australian Dollar", plural: "Australian Dollars", fraction: "Cent", fractions: "Cents" },
  CAD: { name: "Canadian Dollar", plural: "Canadian Dollars", fraction: "Cent", fractions: "Cents" },
};

const converters = new Map<string, InstanceType<Converter>>();

function converterFor(currency: string): InstanceType<Converter> {
  let c = converters.get(currency);
  if (c) return c;
  const u = units[currency];
  const Locale = localeOf[currency] ?? AmericanEnglish;
  c = new Locale({
    converterOptions: {
      currency: true,
      ...(localeOf[currency]
        ? {}
        : {
            currencyOptions: {
              name: u?.name ?? currency,
              plural: u?.plural ?? currency,
              symbol: "",
              fractionalUnit: { name: u?.fraction ?? "Cent", plural: u?.fractions ?? "Cents", symbol: "" },
            },
          }),
    },
  });
  converters.set(currency, c);
  return c;
}

/** `amount` minor units of `currency` in words, e.g. 177000 INR → "One Thousand Seven Hundred Seventy Rupees Only". */
export function amountInWords(amount: number, currency: string): string {
  const value = amount / 10 ** currencyExponent(currency);
  return converterFor(currency).convert(value);
}
