/**
 * A small allow-list HTML sanitizer for note bodies. No well-kept sanitizer (sanitize-html, DOMPurify,
 * xss) is a dependency of the project, so this one is deliberately tiny and rebuilds its output from
 * scratch instead of editing the input:
 *
 * - only the tags in `ALLOWED_TAGS` are written out, and no attributes except `href` on `<a>`;
 * - `href` must start with http:, https:, mailto: or tel: after character references are decoded, and
 *   links get `rel="noopener noreferrer nofollow" target="_blank"`;
 * - the contents of script, style, iframe, object, template, textarea, svg, math and similar elements are
 *   dropped whole; comments, doctypes and processing instructions are dropped;
 * - everything else that looks like markup is escaped as text (`<` → `&lt;`), so a tag the tokenizer does
 *   not recognise can never reach the browser as a tag;
 * - closing tags are written only for open elements, and every element still open at the end is closed.
 *
 * The output is therefore well-formed HTML built only from allow-listed tags, attribute-free apart from
 * checked links. Replace with DOMPurify or sanitize-html if one becomes a dependency.
 */

/** Tags kept (without attributes, except `href` on `a`). */
export const ALLOWED_TAGS = new Set([
  "p",
  "div",
  "br",
  "hr",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "s",
  "strike",
  "del",
  "mark",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "a",
]);

const VOID_TAGS = new Set(["br", "hr"]);

/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "noscript",
  "noembed",
  "noframes",
  "template",
  "textarea",
  "select",
  "option",
  "title",
  "xmp",
  "plaintext",
  "svg",
  "math",
  "head",
]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find and remove them
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;
const SAFE_URL = /^(?:https?:|mailto:|tel:)/i;

/** A tag with optional attributes whose values may be quoted (quoted values may contain `>`). */
const TAG =
  /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?|\s*\/(?=\s*>))*)\s*>/;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp|colon|tab|newline));?/g;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  colon: ":",
  tab: "\t",
  newline: "\n",
};

function decodeEntities(s: string): string {
  return s.replace(
    ENTITY,
    (_, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name) return NAMED[name.toLowerCase()] ?? "";
      const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : "\ufffd";
    },
  );
}

function escapeText(s: string): string {
  return s
    .replace(/&(?!(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The checked `href` of an `<a>` tag's attribute text, or null when missing or unsafe. */
function safeHref(attrs: string): string | null {
  for (const m of attrs.matchAll(ATTR)) {
    if (m[1]!.toLowerCase() !== "href") continue;
    const raw = m[2] ?? m[3] ?? m[4] ?? "";
    // Browsers strip leading/trailing C0 controls and spaces and drop tabs and newlines inside URLs;
    // removing every control character is stricter still.
    const value = decodeEntities(raw).replace(CONTROL_CHARS, "").trim();
    if (!SAFE_URL.test(value) || value.length > 2048) return null;
    return value;
  }
  return null;
}

/**
 * Sanitises rich-text HTML from the note editor (rules above). Input: any string. Output: HTML using only
 * `ALLOWED_TAGS`, safe to render with `dangerouslySetInnerHTML`.
 */
export function sanitizeNoteHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const lt = input.indexOf("<", i);
    if (lt === -1) {
      out.push(escapeText(input.slice(i)));
      break;
    }
    if (lt > i) out.push(escapeText(input.slice(i, lt)));
    i = lt;
    const rest = input.slice(i, i + 4096);
    if (rest.startsWith("<!--")) {
      const end = input.indexOf("-->", i + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (/^<[!?]/.test(rest)) {
      const end = input.indexOf(">", i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const m = TAG.exec(rest);
    if (!m) {
      out.push("&lt;");
      i += 1;
      continue;
    }
    i += m[0].length;
    const closing = m[1] === "/";
    const tag = m[2]!.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing) {
        // Skip to the matching end tag (case-insensitive) or to the end of the input.
        const close = new RegExp(`</${tag}\\s*>`, "i").exec(input.slice(i));
        i = close ? i + close.index + close[0].length : n;
      }
      continue;
    }
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
      continue;
    }
    if (VOID_TAGS.has(tag)) {
      out.push(`<${tag}>`);
      continue;
    }
    if (tag === "a") {
      const href = safeHref(m[3] ?? "");
      out.push(
        href ? `<a href="${escapeAttr(href)}" rel="noopener noreferrer nofollow" target="_blank">` : "<a>",
      );
    } else {
      out.push(`<${tag}>`);
    }
    open.push(tag);
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join("");
}

/** The visible text of sanitised note HTML (tags removed, entities decoded, whitespace collapsed). */
export function noteText(html: string): string {
  return decodeEntities(
    html.replace(/<br>|<\/(?:p|div|li|h[1-3]|blockquote|pre)>/g, " ").replace(/<[^>]*>/g, ""),
  )
    .replace(/\s+/g, " ")
    .trim();
}
