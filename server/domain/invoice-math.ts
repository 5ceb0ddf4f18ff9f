import { gstComponents } from "./gst";
import type { InvoiceDocumentLine, InvoiceTaxSummaryRow } from "./invoice-document";
import { allocate, currencyExponent, roundHalfAwayFromZero } from "./money";

/**
 * The arithmetic of an invoice, quote or credit note, in integer minor units. The rules, in order:
 * 1. Line gross = quantity × unit price, rounded half away from zero (quantity has at most 3 decimals,
 *    kept as thousandths so no float error creeps in).
 * 2. Line discount: a percentage of the gross (rounded) or an amount (at most the gross). Net = gross −
 *    discount.
 * 3. Prices that include tax: the net's taxable base is net × 10000 / (10000 + total rate), rounded; else
 *    the base is the net.
 * 4. The document discount (a percentage of the bases' sum, or an amount, at most that sum) is spread over
 *    the lines in proportion to their bases, exactly (largest remainder), so tax is charged on the
 *    discounted value (CGST Act §15(3)).
 * 5. Tax per line: each rate of the line × its taxable amount, rounded. A GST rate splits by place of
 *    supply (CGST + SGST at half each within the seller's state, else IGST). Tax-inclusive lines with no
 *    document discount keep their price exactly: their tax is net − base, shared over the rates.
 * 6. Line total = taxable + taxes. Document total = Σ line totals, optionally rounded to whole units with
 *    the difference shown as `rounding`. So the total never drifts from the sum of the lines.
 */

export type Discount = { kind: "percent"; basisPoints: number } | { kind: "amount"; amount: number };

/** A tax rate on a line: "GST" (split by place of supply when the document has GST), or a named tax. */
export interface LineTaxRate {
  name: string;
  rateBasisPoints: number;
}

export interface InvoiceLineInput {
  description: string;
  hsnSac?: string | null;
  /** Decimal text with at most 3 decimals, > 0. */
  quantity: string;
  unit?: string | null;
  /** Minor units per unit, in the price basis (with tax when `pricesIncludeTax`). */
  unitPrice: number;
  discount?: Discount | null;
  taxes: LineTaxRate[];
}

export interface InvoiceMathOptions {
  currency: string;
  pricesIncludeTax: boolean;
  discount?: Discount | null;
  /** GST: the seller's state and the place of supply (state codes); "GST" rates split by them. */
  gst?: { sellerState: string; placeOfSupply: string } | null;
  /** Round the grand total to whole currency units (the difference is `rounding`). */
  roundTotal?: boolean;
  amountPaid?: number;
}

export interface InvoiceTotals {
  lines: InvoiceDocumentLine[];
  subtotal: number;
  discount: number;
  taxTotals: { name: string; rateBasisPoints: number; amount: number }[];
  rounding: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  taxSummary: InvoiceTaxSummaryRow[];
}

/** `quantity` (decimal text, ≤ 3 decimals) in thousandths. */
export function quantityThousandths(quantity: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(quantity.trim());
  if (!m) throw new Error(`Not a quantity: ${quantity}`);
  return Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
}

function discountOf(d: Discount | null | undefined, base: number): number {
  if (!d) return 0;
  if (d.kind === "percent") return roundHalfAwayFromZero((base * d.basisPoints) / 10_000);
  return Math.min(d.amount, base);
}

function ratesOf(taxes: LineTaxRate[], gst: InvoiceMathOptions["gst"]): LineTaxRate[] {
  return taxes.flatMap((t) =>
    t.name.toUpperCase() === "GST" && gst
      ? gstComponents(t.rateBasisPoints, gst.sellerState, gst.placeOfSupply)
      : [t],
  );
}

/** The totals of a document from its lines and options (see the rules above). Pure; input is validated. */
export function computeInvoice(lines: InvoiceLineInput[], opts: InvoiceMathOptions): InvoiceTotals {
  const prepared = lines.map((line) => {
    const gross = roundHalfAwayFromZero((quantityThousandths(line.quantity) * line.unitPrice) / 1000);
    const lineDiscount = discountOf(line.discount, gross);
    const net = gross - lineDiscount;
    const rates = ratesOf(line.taxes, opts.gst);
    const totalRate = rates.reduce((a, r) => a + r.rateBasisPoints, 0);
    const base = opts.pricesIncludeTax ? roundHalfAwayFromZero((net * 10_000) / (10_000 + totalRate)) : net;
    return { line, lineDiscount, net, rates, base };
  });
  const subtotal = prepared.reduce((a, p) => a + p.base, 0);
  const documentDiscount = discountOf(opts.discount, subtotal);
  const shares = allocate(
    documentDiscount,
    prepared.map((p) => p.base),
  );

  const computed: InvoiceDocumentLine[] = prepared.map((p, i) => {
    const share = shares[i] ?? 0;
    const taxable = p.base - share;
    let taxes: { name: string; rateBasisPoints: number; amount: number }[];
    if (opts.pricesIncludeTax && share === 0) {
      const amounts = allocate(
        p.net - p.base,
        p.rates.map((r) => r.rateBasisPoints),
      );
      taxes = p.rates.map((r, k) => ({ ...r, amount: amounts[k] ?? 0 }));
    } else {
      taxes = p.rates.map((r) => ({
        ...r,
        amount: roundHalfAwayFromZero((taxable * r.rateBasisPoints) / 10_000),
      }));
    }
    const unitPrice = p.line.unitPrice;
    return {
      position: i + 1,
      description: p.line.description,
      hsnSac: p.line.hsnSac ?? null,
      quantity: p.line.quantity,
      unit: p.line.unit ?? null,
      unitPrice,
      discount: p.lineDiscount,
      taxableAmount: taxable,
      taxes,
      total: taxable + taxes.reduce((a, t) => a + t.amount, 0),
    };
  });

  const byTax = new Map<string, { name: string; rateBasisPoints: number; amount: number }>();
  const bySummary = new Map<string, InvoiceTaxSummaryRow>();
  for (const l of computed) {
    for (const t of l.taxes) {
      const key = `${t.name}|${t.rateBasisPoints}`;
      const row = byTax.get(key) ?? { name: t.name, rateBasisPoints: t.rateBasisPoints, amount: 0 };
      row.amount += t.amount;
      byTax.set(key, row);
    }
    const rate = l.taxes.reduce((a, t) => a + t.rateBasisPoints, 0);
    const key = `${l.hsnSac ?? ""}|${rate}`;
    const row = bySummary.get(key) ?? { hsnSac: l.hsnSac ?? null, taxableAmount: 0, taxes: [], totalTax: 0 };
    row.taxableAmount += l.taxableAmount;
    for (const t of l.taxes) {
      const same = row.taxes.find((x) => x.name === t.name && x.rateBasisPoints === t.rateBasisPoints);
      if (same) same.amount += t.amount;
      else row.taxes.push({ ...t });
      row.totalTax += t.amount;
    }
    bySummary.set(key, row);
  }

  const beforeRounding = computed.reduce((a, l) => a + l.total, 0);
  const unit = 10 ** currencyExponent(opts.currency);
  const total = opts.roundTotal ? roundHalfAwayFromZero(beforeRounding / unit) * unit : beforeRounding;
  const amountPaid = opts.amountPaid ?? 0;
  return {
    lines: computed,
    subtotal,
    discount: documentDiscount,
    taxTotals: [...byTax.values()],
    rounding: total - beforeRounding,
    total,
    amountPaid,
    amountDue: Math.max(0, total - amountPaid),
    taxSummary: [...bySummary.values()],
  };
}
