import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { Font } from "@react-pdf/renderer";
import fonteditor from "fonteditor-core";

/**
 * The fonts invoice PDFs embed: Noto Sans (Latin, Latin Extended, ₹) and Noto Sans for the scripts of
 * India (Devanagari for Hindi and Marathi, Bengali, Gujarati, Gurmukhi, Kannada, Malayalam, Tamil,
 * Telugu), regular and bold, from the `@fontsource/*` packages. The PDF renderer picks, glyph by glyph,
 * the first family of `PDF_FONT_FAMILIES` that has the character, and shapes Indic text (conjuncts,
 * vowel signs) with the font's OpenType tables; only the glyphs used are embedded.
 */
const scripts = [
  ["Noto Sans", "noto-sans", "latin", null],
  // Latin Extended also holds ₹ (U+20B9).
  ["Noto Sans Latin Ext", "noto-sans", "latin-ext", null],
  ["Noto Sans Devanagari", "noto-sans-devanagari", "devanagari", /[\u0900-\u097f\ua8e0-\ua8ff]/],
  ["Noto Sans Bengali", "noto-sans-bengali", "bengali", /[\u0980-\u09ff]/],
  ["Noto Sans Gurmukhi", "noto-sans-gurmukhi", "gurmukhi", /[\u0a00-\u0a7f]/],
  ["Noto Sans Gujarati", "noto-sans-gujarati", "gujarati", /[\u0a80-\u0aff]/],
  ["Noto Sans Tamil", "noto-sans-tamil", "tamil", /[\u0b80-\u0bff]/],
  ["Noto Sans Telugu", "noto-sans-telugu", "telugu", /[\u0c00-\u0c7f]/],
  ["Noto Sans Kannada", "noto-sans-kannada", "kannada", /[\u0c80-\u0cff]/],
  ["Noto Sans Malayalam", "noto-sans-malayalam", "malayalam", /[\u0d00-\u0d7f]/],
  // Persian, Arabic and Urdu (Arabic script, with the Persian letters پ چ ژ گ and presentation forms).
  [
    "Noto Sans Arabic",
    "noto-sans-arabic",
    "arabic",
    /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/,
  ],
] as const;

/**
 * The `fontFamily` list for a PDF whose text is `text`: Latin first, then only the Indian scripts the
 * text uses (Unicode blocks), so the renderer does not look every glyph up in fonts it will not need.
 */
export function pdfFontFamiliesFor(text: string): string[] {
  return scripts.filter(([, , , block]) => block === null || block.test(text)).map(([family]) => family);
}

let registered = false;

/**
 * A WOFF file as an uncompressed TrueType font in a `data:` URL. The renderer's font reader inflates a
 * WOFF table every time it reads it (hundreds of times per page); unpacked once here, a 10-line
 * invoice renders about five times faster. WOFF 1.0 tables are zlib streams (W3C WOFF §5).
 */
function ttfDataUrl(file: string): string {
  const woff = readFileSync(file);
  const ttf = fonteditor.woff2ttf(woff.buffer.slice(woff.byteOffset, woff.byteOffset + woff.byteLength), {
    inflate: (data: number[] | Uint8Array) => Array.from(inflateSync(Uint8Array.from(data))),
  });
  return `data:font/ttf;base64,${Buffer.from(ttf).toString("base64")}`;
}

/**
 * Registers the fonts with the PDF renderer, once per process. Files are resolved from the project's
 * `node_modules` at run time (not bundled), so the server build and the tests load the same files.
 */
export function registerPdfFonts(): void {
  if (registered) return;
  const require = createRequire(path.join(process.cwd(), "package.json"));
  for (const [family, pkg, subset] of scripts) {
    Font.register({
      family,
      fonts: [400, 700].map((fontWeight) => ({
        src: ttfDataUrl(
          require.resolve(`@fontsource/${pkg}/files/${pkg}-${subset}-${fontWeight}-normal.woff`),
        ),
        fontWeight,
      })),
    });
  }
  // Words are never split with hyphens: names, GSTINs and invoice numbers must print whole.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
