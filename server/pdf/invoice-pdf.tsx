import { Document, Image, Page, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { formatIsoDate } from "@/server/domain/format";
import type { InvoiceDocument, InvoiceParty } from "@/server/domain/invoice-document";
import { formatMoney } from "@/server/domain/money";
import { pdfFontFamiliesFor } from "./fonts";
import { DEFAULT_ACCENT, MUTED, makeStyles } from "./invoice-pdf-styles";
import { QrCode } from "./qr-code";

/*
 * The PDF of an invoice, quote or credit note, drawn from an `InvoiceDocument` (the renderer computes no
 * money). Two templates share one layout: "classic" (black on white, ruled table) and "modern" (an
 * accent-coloured band with the title, tinted table header and totals). A4, with the page number and
 * "computer-generated" line repeated on every page; long tables break across pages with their header.
 */

const titles: Record<InvoiceDocument["kind"], string> = {
  invoice: "Invoice",
  quote: "Quotation",
  credit_note: "Credit note",
};

/** The document's title: "Tax invoice" for a GST invoice, as CGST rule 46 names it. */
function titleOf(doc: InvoiceDocument): string {
  if (doc.kind === "invoice" && doc.seller.taxIdLabel === "GSTIN") return "Tax invoice";
  return titles[doc.kind];
}

/** 1800 → "18%", 250 → "2.5%". */
function percent(basisPoints: number): string {
  return `${Number((basisPoints / 100).toFixed(2))}%`;
}

function PartyBlock({ label, party }: { label: string; party: InvoiceParty }) {
  return (
    <View style={{ flex: 1 }}>
      <Text style={{ color: MUTED, fontSize: 8, textTransform: "uppercase", marginBottom: 2 }}>{label}</Text>
      <Text style={{ fontSize: 10.5, fontWeight: 700 }}>{party.name || "—"}</Text>
      {party.addressLines.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      {party.state ? (
        <Text>
          State: {party.state.name} ({party.state.code})
        </Text>
      ) : null}
      {party.taxId ? (
        <Text>
          {party.taxIdLabel ?? "Tax id"}: {party.taxId}
        </Text>
      ) : null}
      {party.phone ? <Text>{party.phone}</Text> : null}
      {party.email ? <Text>{party.email}</Text> : null}
    </View>
  );
}

/** Column widths of the lines table, in percent of the page's content width. */
function lineColumns(doc: InvoiceDocument) {
  const hasHsn = doc.lines.some((l) => l.hsnSac);
  const hasDiscount = doc.lines.some((l) => l.discount !== 0);
  const hasTax = doc.lines.some((l) => l.taxes.length > 0);
  const cols: { key: string; title: string; width: number; numeric?: boolean }[] = [
    { key: "n", title: "#", width: 4 },
    { key: "description", title: "Item", width: 0 },
    ...(hasHsn ? [{ key: "hsn", title: "HSN/SAC", width: 10 }] : []),
    { key: "qty", title: "Qty", width: 9, numeric: true },
    { key: "rate", title: "Rate", width: 12, numeric: true },
    ...(hasDiscount ? [{ key: "discount", title: "Discount", width: 10, numeric: true }] : []),
    ...(hasTax ? [{ key: "taxable", title: "Taxable", width: 13, numeric: true }] : []),
    ...(hasTax ? [{ key: "tax", title: "Tax", width: 8, numeric: true }] : []),
    { key: "amount", title: "Amount", width: 14, numeric: true },
  ];
  const used = cols.reduce((s, c) => s + c.width, 0);
  for (const c of cols) if (c.key === "description") c.width = 100 - used;
  return cols;
}

/**
 * The whole PDF document of `doc` in its template. Pure: the same document always draws the same PDF
 * (apart from the creation date the PDF metadata carries).
 */
const arabicScript = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

/**
 * The document with every text holding Arabic script (Persian, Urdu, Arabic names and addresses) led by
 * a RIGHT-TO-LEFT MARK (U+200F, Unicode Bidirectional Algorithm UAX #9): the renderer orders and shapes
 * right-to-left runs itself, but mangles the glyph a text starts with when that glyph is right-to-left;
 * the invisible mark takes that place.
 */
export function withRtlMarks<T>(value: T): T {
  if (typeof value === "string")
    return (arabicScript.test(value) && !value.startsWith("\u200f") ? `\u200f${value}` : value) as T;
  if (Array.isArray(value)) return value.map(withRtlMarks) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRtlMarks(v)])) as T;
  return value;
}

export function InvoicePdf({ doc: given, logo }: { doc: InvoiceDocument; logo?: Uint8Array | null }) {
  const doc = withRtlMarks(given);
  const accent = doc.accentColor ?? DEFAULT_ACCENT;
  const s = makeStyles(doc.template, accent, pdfFontFamiliesFor(JSON.stringify(doc)));
  const money = (n: number) => formatMoney(n, doc.currency, doc.locale);
  const cols = lineColumns(doc);
  const title = titleOf(doc);
  const heading = `${title}${doc.number ? ` ${doc.number}` : " (draft)"}`;
  const payable = doc.kind === "invoice" && doc.amountDue > 0 && doc.status !== "void";
  const stamp =
    doc.status === "paid" ? "PAID" : doc.status === "void" ? "VOID" : doc.status === "draft" ? "DRAFT" : null;
  const cellsOf = (line: InvoiceDocument["lines"][number]): Record<string, ReactNode> => ({
    n: String(line.position),
    description: line.description,
    hsn: line.hsnSac ?? "",
    qty: `${line.quantity}${line.unit ? ` ${line.unit}` : ""}`,
    rate: money(line.unitPrice),
    discount: line.discount ? money(line.discount) : "",
    taxable: money(line.taxableAmount),
    tax: line.taxes.length ? percent(line.taxes.reduce((t, x) => t + x.rateBasisPoints, 0)) : "",
    amount: money(line.total),
  });
  /** The totals block: label, amount, and how it stands out. */
  const totals: (readonly [string, string, "plain" | "bold" | "grand"])[] = [
    ["Subtotal", money(doc.subtotal), "plain"],
    ...(doc.discount ? [["Discount", `−${money(doc.discount)}`, "plain"] as const] : []),
    ...doc.taxTotals.map(
      (t) => [`${t.name} ${percent(t.rateBasisPoints)}`, money(t.amount), "plain"] as const,
    ),
    ...(doc.rounding ? [["Rounding", money(doc.rounding), "plain"] as const] : []),
    ["Total", money(doc.total), "grand"],
    ...(doc.amountPaid ? [["Paid", money(doc.amountPaid), "plain"] as const] : []),
    ...(doc.kind === "invoice" && doc.status !== "void"
      ? [["Amount due", money(doc.amountDue), "bold"] as const]
      : []),
  ];
  const taxNames = [...new Set(doc.taxSummary.flatMap((r) => r.taxes.map((t) => t.name)))];

  return (
    <Document
      title={heading}
      author={doc.seller.name}
      subject={heading}
      creator="Mini CRM"
      producer="Mini CRM"
    >
      <Page size="A4" style={s.page}>
        <View style={s.band}>
          <View style={s.spread}>
            <View style={{ flex: 1 }}>
              {logo && doc.logo ? (
                <Image
                  src={{ data: Buffer.from(logo), format: doc.logo.format }}
                  style={{ maxWidth: 140, maxHeight: 48, objectFit: "contain", marginBottom: 6 }}
                />
              ) : null}
              <Text style={s.sellerName}>{doc.seller.name}</Text>
              {doc.seller.addressLines.map((line) => (
                <Text key={line} style={s.bandMuted}>
                  {line}
                </Text>
              ))}
              {doc.seller.taxId ? (
                <Text>
                  {doc.seller.taxIdLabel ?? "Tax id"}: {doc.seller.taxId}
                </Text>
              ) : null}
              {[doc.seller.phone, doc.seller.email, doc.seller.website].filter(Boolean).length ? (
                <Text style={s.bandMuted}>
                  {[doc.seller.phone, doc.seller.email, doc.seller.website].filter(Boolean).join(" · ")}
                </Text>
              ) : null}
            </View>
            <View style={{ width: 200 }}>
              <Text style={s.title}>{title}</Text>
              <Text style={[s.meta, { fontWeight: 700 }]}>{doc.number ?? "Draft"}</Text>
              <Text style={s.meta}>Date: {formatIsoDate(doc.issueDate)}</Text>
              {doc.dueDate && doc.kind === "invoice" ? (
                <Text style={s.meta}>Due: {formatIsoDate(doc.dueDate)}</Text>
              ) : null}
              {doc.dueDate && doc.kind === "quote" ? (
                <Text style={s.meta}>Valid until: {formatIsoDate(doc.dueDate)}</Text>
              ) : null}
              {doc.referenceNumber ? <Text style={s.meta}>Against: {doc.referenceNumber}</Text> : null}
              {doc.placeOfSupply ? (
                <Text style={s.meta}>
                  Place of supply: {doc.placeOfSupply.name} ({doc.placeOfSupply.code})
                </Text>
              ) : null}
              {stamp ? <Text style={s.stamp}>{stamp}</Text> : null}
            </View>
          </View>
        </View>

        <View style={s.parties}>
          <PartyBlock label={doc.kind === "quote" ? "Quotation for" : "Bill to"} party={doc.buyer} />
          <View style={{ flex: 1 }} />
        </View>

        <View style={s.table}>
          <View style={s.th} fixed>
            {cols.map((c) => (
              <Text key={c.key} style={[c.numeric ? s.num : s.cell, { width: `${c.width}%` }]}>
                {c.title}
              </Text>
            ))}
          </View>
          {doc.lines.map((line) => {
            const cells = cellsOf(line);
            return (
              <View key={line.position} style={s.tr} wrap={false}>
                {cols.map((c) => (
                  <Text key={c.key} style={[c.numeric ? s.num : s.cell, { width: `${c.width}%` }]}>
                    {cells[c.key]}
                  </Text>
                ))}
              </View>
            );
          })}
        </View>

        <View style={s.totals} wrap={false}>
          {totals.map(([label, amount, style]) => (
            <View
              key={label}
              style={
                style === "grand" ? s.grandTotal : [s.totalRow, style === "bold" ? { fontWeight: 700 } : {}]
              }
            >
              <Text>{label}</Text>
              <Text>{amount}</Text>
            </View>
          ))}
        </View>

        <Text style={s.words}>Amount in words: {doc.amountInWords}</Text>

        {doc.taxSummary.length && taxNames.length ? (
          <View style={s.section} wrap={false}>
            <Text style={s.label}>Tax summary</Text>
            <View style={s.th}>
              <Text style={[s.cell, { width: "22%" }]}>HSN/SAC</Text>
              <Text style={[s.num, { width: "22%" }]}>Taxable value</Text>
              {taxNames.map((name) => (
                <Text key={name} style={[s.num, { width: `${40 / taxNames.length}%` }]}>
                  {name}
                </Text>
              ))}
              <Text style={[s.num, { width: "16%" }]}>Total tax</Text>
            </View>
            {doc.taxSummary.map((row) => (
              <View key={`${row.hsnSac ?? "-"}-${row.taxableAmount}-${row.totalTax}`} style={s.tr}>
                <Text style={[s.cell, { width: "22%" }]}>{row.hsnSac ?? "—"}</Text>
                <Text style={[s.num, { width: "22%" }]}>{money(row.taxableAmount)}</Text>
                {taxNames.map((name) => {
                  const t = row.taxes.find((x) => x.name === name);
                  return (
                    <Text key={name} style={[s.num, { width: `${40 / taxNames.length}%` }]}>
                      {t ? `${money(t.amount)} (${percent(t.rateBasisPoints)})` : "—"}
                    </Text>
                  );
                })}
                <Text style={[s.num, { width: "16%" }]}>{money(row.totalTax)}</Text>
              </View>
            ))}
          </View>
        ) : null}

        {payable && (doc.upi || doc.bankDetails?.length || doc.payUrl) ? (
          <View style={[s.section, s.row, { gap: 16 }]} wrap={false}>
            {doc.upi ? (
              <View style={{ width: 120, alignItems: "center" }}>
                <QrCode text={doc.upi.uri} size={104} />
                <Text style={{ fontWeight: 700, textAlign: "center" }}>
                  Scan to pay {money(doc.amountDue)}
                </Text>
                <Text style={[s.small, { textAlign: "center" }]}>UPI: {doc.upi.vpa}</Text>
              </View>
            ) : null}
            <View style={{ flex: 1 }}>
              {doc.bankDetails?.length ? (
                <>
                  <Text style={s.label}>Bank transfer</Text>
                  {doc.bankDetails.map((b) => (
                    <Text key={b.label}>
                      {b.label}: {b.value}
                    </Text>
                  ))}
                </>
              ) : null}
              {doc.payUrl ? (
                <Text style={{ marginTop: 6 }}>
                  Pay online: <Text style={{ color: accent }}>{doc.payUrl}</Text>
                </Text>
              ) : null}
            </View>
          </View>
        ) : null}

        {doc.notes ? (
          <View style={s.section}>
            <Text style={s.label}>Notes</Text>
            <Text>{doc.notes}</Text>
          </View>
        ) : null}
        {doc.terms ? (
          <View style={s.section}>
            <Text style={s.label}>Terms and conditions</Text>
            <Text>{doc.terms}</Text>
          </View>
        ) : null}

        <View style={s.footer} fixed>
          <Text>
            {heading} · {doc.seller.name}
          </Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}
