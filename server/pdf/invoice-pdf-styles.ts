import { StyleSheet } from "@react-pdf/renderer";
import type { InvoiceDocument } from "@/server/domain/invoice-document";

/* The colours and styles of the invoice PDF's two templates (./invoice-pdf.tsx draws with them). */

export const DEFAULT_ACCENT = "#1f4fd1";
const INK = "#111827";
export const MUTED = "#4b5563";
const RULE = "#d1d5db";

/** The styles of `template` ("classic": ruled, black on white; "modern": an `accent` band and tints). */
export function makeStyles(template: InvoiceDocument["template"], accent: string, fontFamily: string[]) {
  const modern = template === "modern";
  return StyleSheet.create({
    page: {
      fontFamily,
      fontSize: 9,
      color: INK,
      paddingTop: modern ? 0 : 36,
      paddingBottom: 48,
      paddingHorizontal: 36,
      lineHeight: 1.35,
    },
    band: modern
      ? {
          backgroundColor: accent,
          color: "#ffffff",
          marginHorizontal: -36,
          paddingHorizontal: 36,
          paddingTop: 28,
          paddingBottom: 18,
          marginBottom: 18,
        }
      : { borderBottomWidth: 1.5, borderBottomColor: INK, paddingBottom: 10, marginBottom: 14 },
    bandMuted: { color: modern ? "#e5e7eb" : MUTED },
    row: { flexDirection: "row" },
    spread: { flexDirection: "row", justifyContent: "space-between", gap: 16 },
    sellerName: { fontSize: 15, fontWeight: 700, lineHeight: 1.3 },
    title: {
      fontSize: modern ? 20 : 16,
      lineHeight: 1.3,
      fontWeight: 700,
      textAlign: "right",
      textTransform: "uppercase",
    },
    meta: { textAlign: "right" },
    label: { color: MUTED, fontSize: 8, textTransform: "uppercase", letterSpacing: 0.4, marginBottom: 2 },
    partyName: { fontSize: 10.5, fontWeight: 700 },
    parties: { flexDirection: "row", gap: 16, marginBottom: 14 },
    party: { flex: 1 },
    table: { borderTopWidth: modern ? 0 : 1, borderTopColor: INK },
    th: {
      flexDirection: "row",
      fontWeight: 700,
      fontSize: 8,
      paddingVertical: 4,
      borderBottomWidth: 1,
      borderBottomColor: modern ? accent : INK,
      backgroundColor: modern ? tint(accent) : undefined,
    },
    tr: { flexDirection: "row", paddingVertical: 4, borderBottomWidth: 0.5, borderBottomColor: RULE },
    cell: { paddingHorizontal: 3 },
    num: { paddingHorizontal: 3, textAlign: "right" },
    small: { fontSize: 7.5, color: MUTED },
    totals: { marginLeft: "auto", width: 230, marginTop: 8 },
    totalRow: { flexDirection: "row", justifyContent: "space-between", paddingVertical: 2 },
    grandTotal: {
      flexDirection: "row",
      justifyContent: "space-between",
      paddingVertical: 4,
      marginTop: 2,
      fontWeight: 700,
      fontSize: 11,
      borderTopWidth: 1,
      borderTopColor: modern ? accent : INK,
      backgroundColor: modern ? tint(accent) : undefined,
      paddingHorizontal: modern ? 4 : 0,
    },
    section: { marginTop: 12 },
    words: { marginTop: 8, fontWeight: 700 },
    footer: {
      position: "absolute",
      bottom: 20,
      left: 36,
      right: 36,
      flexDirection: "row",
      justifyContent: "space-between",
      fontSize: 7.5,
      color: MUTED,
    },
    stamp: {
      fontSize: 11,
      fontWeight: 700,
      color: modern ? "#ffffff" : accent,
      textAlign: "right",
      marginTop: 4,
    },
  });
}

/** A light tint of a #rrggbb colour (12% of it over white), for table headers. */
function tint(hex: string): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m?.[1]) return "#eef2ff";
  const n = Number.parseInt(m[1], 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * 0.12);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}
