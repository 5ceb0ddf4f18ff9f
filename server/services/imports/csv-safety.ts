/**
 * First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula or command
 * (OWASP "CSV Injection"): = + - @ TAB (0x09) CR (0x0D).
 */
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]|^\s|\s$/;

/**
 * Makes a cell safe to open in a spreadsheet by prefixing `'` when it starts with = + - @ TAB or CR, as
 * the OWASP CSV Injection guidance recommends. Phone numbers in E.164 ("+919876543210") are prefixed too:
 * a spreadsheet shows them as text, without turning them into numbers or formulas, and our importer drops
 * that apostrophe again, so an exported file re-imports unchanged. Negative numbers ("-5") become text.
 *
 * @param value a cell's text
 * @returns the same text, or `'` + text
 */
export function neutralizeCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/**
 * One CSV record (RFC 4180): every cell neutralized (`neutralizeCell`), quoted when it holds a quote,
 * comma, line break or edge whitespace, ending in CRLF.
 */
export function toCsvLine(cells: readonly string[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    const cell = neutralizeCell(cells[i] ?? "");
    if (i > 0) line += ",";
    line += needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  }
  return `${line}\r\n`;
}
