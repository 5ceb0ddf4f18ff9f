import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountInWords } from "@/server/domain/amount-in-words";
import { documentNumber, dueDateOf, fiscalYearLabel } from "@/server/domain/fiscal-year";
import { gstComponents, gstinCheckCharacter, gstinProblem } from "@/server/domain/gst";
import { computeInvoice, type InvoiceLineInput } from "@/server/domain/invoice-math";
import {
  allocate,
  currencyExponent,
  formatMoney,
  moneyInputText,
  parseMoney,
  roundHalfAwayFromZero,
} from "@/server/domain/money";

const gst18 = [{ name: "GST", rateBasisPoints: 1800 }];

describe("money", () => {
  it("rounds halves away from zero and knows each currency's minor unit", () => {
    expect([2.5, -2.5, 2.4999, 0.5].map(roundHalfAwayFromZero)).toEqual([3, -3, 2, 1]);
    expect(["INR", "USD", "JPY", "KWD"].map(currencyExponent)).toEqual([2, 2, 0, 3]);
  });

  it("reads amounts people type, and refuses what is not one", () => {
    expect(parseMoney("1,770.50", "INR")).toBe(177_050);
    expect(parseMoney("₹ 99.9", "INR")).toBe(9_990);
    expect(parseMoney("1770", "INR")).toBe(177_000);
    expect(parseMoney("500", "JPY")).toBe(500);
    expect(parseMoney("1.234", "INR")).toBeNull();
    expect(parseMoney("12abc", "INR")).toBeNull();
    expect(parseMoney("", "INR")).toBeNull();
    expect(moneyInputText(177_050, "INR")).toBe("1770.50");
    expect(formatMoney(12_345_678, "INR")).toBe("₹1,23,456.78");
  });

  it("allocates exactly, whatever the weights", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.nat(1_000_000), { maxLength: 20 }),
        (t, w) => {
          const parts = allocate(t, w);
          expect(parts).toHaveLength(w.length);
          if (w.length) expect(parts.reduce((a, b) => a + b, 0)).toBe(t);
        },
      ),
    );
  });
});

describe("GST", () => {
  it("validates GSTINs by shape, state code and check character", () => {
    for (const valid of ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "07AAGFF2194N1Z1", "33AAACH7409R1Z8"])
      expect(gstinProblem(valid)).toBeNull();
    expect(gstinProblem("27AAPFU0939F1ZW")).toMatch(/check character/);
    expect(gstinProblem("99AAPFU0939F1ZV")).toMatch(/not a GST state code/);
    expect(gstinProblem("27AAPFU0939F1Z")).toMatch(/15 characters/);
    expect(gstinCheckCharacter("29AAGCB7383J1Z")).toBe("4");
  });

  it("splits a rate into CGST + SGST within the state and IGST across states", () => {
    expect(gstComponents(1800, "29", "29")).toEqual([
      { name: "CGST", rateBasisPoints: 900 },
      { name: "SGST", rateBasisPoints: 900 },
    ]);
    expect(gstComponents(1800, "29", "27")).toEqual([{ name: "IGST", rateBasisPoints: 1800 }]);
    expect(gstComponents(500, "04", "04").map((c) => c.name)).toEqual(["CGST", "UTGST"]);
    expect(gstComponents(0, "29", "29")).toEqual([]);
  });
});

describe("computeInvoice", () => {
  it("bills the clinic's two services: ₹1,500 + 18% GST within Karnataka is ₹1,770", () => {
    const lines: InvoiceLineInput[] = [
      { description: "Consultation", hsnSac: "999312", quantity: "1", unitPrice: 100_000, taxes: gst18 },
      { description: "Blood test", hsnSac: "999316", quantity: "1", unitPrice: 50_000, taxes: gst18 },
    ];
    const t = computeInvoice(lines, {
      currency: "INR",
      pricesIncludeTax: false,
      gst: { sellerState: "29", placeOfSupply: "29" },
    });
    expect(t.subtotal).toBe(150_000);
    expect(t.taxTotals).toEqual([
      { name: "CGST", rateBasisPoints: 900, amount: 13_500 },
      { name: "SGST", rateBasisPoints: 900, amount: 13_500 },
    ]);
    expect(t.total).toBe(177_000);
    expect(t.taxSummary).toHaveLength(2);
    expect(amountInWords(t.total, "INR")).toBe("One Thousand Seven Hundred Seventy Rupees Only");
    const igst = computeInvoice(lines, {
      currency: "INR",
      pricesIncludeTax: false,
      gst: { sellerState: "29", placeOfSupply: "27" },
    });
    expect(igst.taxTotals).toEqual([{ name: "IGST", rateBasisPoints: 1800, amount: 27_000 }]);
    expect(igst.total).toBe(177_000);
  });

  it("keeps a tax-inclusive price exactly and takes the tax out of it", () => {
    const t = computeInvoice([{ description: "Haircut", quantity: "1", unitPrice: 59_900, taxes: gst18 }], {
      currency: "INR",
      pricesIncludeTax: true,
      gst: { sellerState: "29", placeOfSupply: "29" },
    });
    expect(t.total).toBe(59_900);
    expect(t.lines[0]!.taxableAmount).toBe(50_763);
    expect(t.lines[0]!.taxes.map((x) => x.amount).reduce((a, b) => a + b, 0)).toBe(9_137);
  });

  it("taxes the discounted value: line % discount, then a document amount spread over the lines", () => {
    const t = computeInvoice(
      [
        {
          description: "A",
          quantity: "2",
          unitPrice: 10_000,
          discount: { kind: "percent", basisPoints: 1000 },
          taxes: gst18,
        },
        {
          description: "B",
          quantity: "1.5",
          unitPrice: 3_333,
          taxes: [{ name: "VAT", rateBasisPoints: 2000 }],
        },
      ],
      {
        currency: "INR",
        pricesIncludeTax: false,
        discount: { kind: "amount", amount: 1_000 },
        gst: { sellerState: "29", placeOfSupply: "07" },
      },
    );
    expect(t.lines[0]!.discount).toBe(2_000);
    expect(t.subtotal).toBe(18_000 + 5_000);
    expect(t.discount).toBe(1_000);
    expect(t.lines.reduce((a, l) => a + l.taxableAmount, 0)).toBe(22_000);
    expect(t.total).toBe(t.lines.reduce((a, l) => a + l.total, 0));
  });

  it("rounds the grand total to whole rupees when asked, showing the difference", () => {
    const t = computeInvoice([{ description: "x", quantity: "1", unitPrice: 10_050, taxes: gst18 }], {
      currency: "INR",
      pricesIncludeTax: false,
      roundTotal: true,
      amountPaid: 5_000,
    });
    expect(t.total % 100).toBe(0);
    expect(t.total - t.rounding).toBe(t.lines[0]!.total);
    expect(t.amountDue).toBe(t.total - 5_000);
  });

  it("never lets the total drift from the sum of the lines (random invoices)", () => {
    const line = fc.record({
      description: fc.constant("item"),
      quantity: fc
        .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }))
        .filter(([a, b]) => a + b > 0)
        .map(([a, b]) => `${a}.${String(b).padStart(3, "0")}`),
      unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
      discount: fc.option(
        fc.oneof(
          fc.record({
            kind: fc.constant("percent" as const),
            basisPoints: fc.integer({ min: 0, max: 10_000 }),
          }),
          fc.record({ kind: fc.constant("amount" as const), amount: fc.integer({ min: 0, max: 1_000_000 }) }),
        ),
        { nil: null },
      ),
      taxes: fc.oneof(
        fc.constantFrom(0, 500, 1200, 1800, 2800).map((r) => [{ name: "GST", rateBasisPoints: r }]),
        fc.array(
          fc.record({
            name: fc.constantFrom("VAT", "Sales tax"),
            rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
          }),
          { maxLength: 2 },
        ),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        fc.option(
          fc.record({
            kind: fc.constant("percent" as const),
            basisPoints: fc.integer({ min: 0, max: 10_000 }),
          }),
          { nil: null },
        ),
        fc.constantFrom("29", "27"),
        (lines, inclusive, roundTotal, discount, pos) => {
          const t = computeInvoice(lines, {
            currency: "INR",
            pricesIncludeTax: inclusive,
            roundTotal,
            discount,
            gst: { sellerState: "29", placeOfSupply: pos },
          });
          const sumLines = t.lines.reduce((a, l) => a + l.total, 0);
          expect(t.total).toBe(sumLines + t.rounding);
          expect(t.lines.reduce((a, l) => a + l.taxableAmount, 0)).toBe(t.subtotal - t.discount);
          const taxes = t.taxTotals.reduce((a, x) => a + x.amount, 0);
          expect(t.lines.reduce((a, l) => a + l.taxableAmount, 0) + taxes).toBe(sumLines);
          expect(t.taxSummary.reduce((a, r) => a + r.totalTax, 0)).toBe(taxes);
          for (const l of t.lines) {
            expect(l.taxableAmount).toBeGreaterThanOrEqual(0);
            for (const x of l.taxes) expect(Number.isInteger(x.amount)).toBe(true);
          }
          expect(Math.abs(t.rounding)).toBeLessThanOrEqual(50);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("amount in words", () => {
  it("uses lakh and crore for rupees, and the international scale for others", () => {
    expect(amountInWords(1_234_567_850, "INR")).toBe(
      "One Crore Twenty Three Lakh Forty Five Thousand Six Hundred Seventy Eight Rupees And Fifty Paise Only",
    );
    expect(amountInWords(15_000_005, "INR")).toBe("One Lakh Fifty Thousand Rupees And Five Paise Only");
    expect(amountInWords(177_025, "USD")).toBe(
      "One Thousand Seven Hundred Seventy Dollars And Twenty Five Cents Only",
    );
    expect(amountInWords(100_150, "EUR")).toBe("One Thousand One Euros And Fifty Cents Only");
  });
});

describe("fiscal years and numbers", () => {
  it("labels India's April–March years in the business's time zone, at the boundaries", () => {
    // 31 March 2027 23:30 in Kolkata is still 2026-27; 1 April 00:10 is 2027-28.
    expect(fiscalYearLabel(new Date("2027-03-31T18:00:00Z"), "Asia/Kolkata")).toBe("2026-27");
    expect(fiscalYearLabel(new Date("2027-03-31T18:40:00Z"), "Asia/Kolkata")).toBe("2027-28");
    expect(fiscalYearLabel(new Date("2027-01-01T00:00:00Z"), "UTC", 1)).toBe("2027");
    expect(fiscalYearLabel(new Date("2099-12-31T12:00:00Z"), "UTC")).toBe("2099-00");
    expect(documentNumber("INV", "2026-27", 1)).toBe("INV/2026-27/0001");
    expect(documentNumber("INV", "2026-27", 12_345)).toBe("INV/2026-27/12345");
  });

  it("derives due dates from payment terms", () => {
    expect(dueDateOf("2026-12-05", { kind: "on_receipt" })).toBe("2026-12-05");
    expect(dueDateOf("2026-12-05", { kind: "net", days: 30 })).toBe("2027-01-04");
    expect(dueDateOf("2027-02-20", { kind: "net", days: 15 })).toBe("2027-03-07");
  });
});
