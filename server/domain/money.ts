/**
 * Money as integer minor units of an ISO 4217 currency (paise for INR, cents for USD, none for JPY).
 * Rounding is half away from zero everywhere an amount is derived (a tax, a discount, a share), as the
 * GST rules' "rounded off to the nearest rupee/paisa" is read and as most invoicing tools do.
 */

/** Digits after the decimal point of `currency` (ISO 4217 minor unit, from Intl): INR 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** `x` rounded to an integer, halves away from zero (2.5 → 3, −2.5 → −3). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** `amount` minor units as text in `locale`, e.g. 177000 INR in en-IN → "₹1,770.00". */
export function formatMoney(amount: number, currency: string, locale = "en-IN"): string {
  const exp = currencyExponent(currency);
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exp });
    moneyFormats.set(key, format);
  }
  return format.format(amount / 10 ** exp);
}

/** Number formats by locale and currency: building one costs far more than using it (invoice PDFs format hundreds). */
const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Splits `total` minor units over `weights` in proportion, exactly (largest remainder: the parts always
 * add up to `total`; ties go to the earlier weight). All weights 0: all to the first. Output: the parts.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.trunc(r));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: Math.abs(r - Math.trunc(r)) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const step = Math.sign(left);
  for (let k = 0; left !== 0; k = (k + 1) % order.length) {
    parts[order[k]!.i]! += step;
    left -= step;
  }
  return parts;
}

/**
 * Minor units from text a person typed in major units ("1,770.50", "1770", "₹ 99.9"), or null when it is
 * not an amount or has more decimals than `currency` allows. Grouping commas and spaces and a leading
 * currency symbol are ignored.
 */
export function parseMoney(text: string, currency: string): number | null {
  const clean = text.replace(/[\s,]/g, "").replace(/^[^\d.-]+/, "");
  const exp = currencyExponent(currency);
  const m = /^(\d{1,13})(?:\.(\d*))?$/.exec(clean);
  if (!m || (m[2] ?? "").length > exp) return null;
  return Number(m[1]) * 10 ** exp + Number((m[2] ?? "").padEnd(exp, "0") || 0);
}

/** `amount` minor units as plain major-unit text for an input ("1770.50"). */
export function moneyInputText(amount: number, currency: string): string {
  const exp = currencyExponent(currency);
  return (amount / 10 ** exp).toFixed(exp);
}
