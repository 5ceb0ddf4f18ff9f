import { ToWords } from "to-words";
import { currencyExponent } from "./money";

/**
 * An amount in words for an invoice ("Amount chargeable (in words)"), by the `to-words` library: Indian
 * numbering for rupees (lakh, crore: "One Lakh Fifty Thousand Rupees And Five Paise Only"), the
 * international one otherwise, with the currency's own unit names where the library knows them.
 */

const localeOf: Record<string, string> = { INR: "en-IN", USD: "en-US", GBP: "en-GB", AED: "en-AE" };
const units: Record<string, { name: string; plural: string; fraction: string; fractions: string }> = {
  EUR: { name: "Euro", plural: "Euros", fraction: "Cent", fractions: "Cents" },
  IRR: { name: "Rial", plural: "Rials", fraction: "Dinar", fractions: "Dinars" },
  SGD: { name: "Singapore Dollar", plural: "Singapore Dollars", fraction: "Cent", fractions: "Cents" },
  AUD: { name: "Australian Dollar", plural: "Australian Dollars", fraction: "Cent", fractions: "Cents" },
  CAD: { name: "Canadian Dollar", plural: "Canadian Dollars", fraction: "Cent", fractions: "Cents" },
};

const converters = new Map<string, ToWords>();

function converterFor(currency: string): ToWords {
  let c = converters.get(currency);
  if (c) return c;
  const u = units[currency];
  c = new ToWords({
    localeCode: localeOf[currency] ?? "en-US",
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
