import sanitizeHtml from "sanitize-html";

/**
 * Note bodies are HTML from the rich-text editor (or an API client), kept only through an allow-list, with
 * sanitize-html (a maintained, linear-time parser: htmlparser2):
 * - only the tags in `ALLOWED_TAGS`, and no attributes except `href` on `<a>`;
 * - `href` only with http:, https:, mailto: or tel:; links get
 *   `rel="noopener noreferrer nofollow" target="_blank"`;
 * - script, style, iframe, svg, math, textarea and similar elements are dropped with their content;
 *   comments are dropped; other markup is escaped as text.
 */

/** Tags kept (without attributes, except `href` on `a`). */
export const ALLOWED_TAGS = [
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
];

/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = [
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
];

/** Longest input sanitised, in characters (the API accepts less; this bounds any other caller). */
export const SANITIZE_MAX_CHARS = 200_000;

const linkScheme = /^\s*(?:https?|mailto|tel):/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // rel and target come from transformTags only: the input's own are replaced.
  allowedAttributes: { a: ["href", "rel", "target"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  nonTextTags: DROP_WITH_CONTENT,
  disallowedTagsMode: "discard",
  transformTags: {
    // The href itself is still checked against allowedSchemes after this.
    a: (tagName, attribs): sanitizeHtml.Tag => ({
      tagName,
      attribs:
        attribs.href && linkScheme.test(attribs.href)
          ? { href: attribs.href, rel: "noopener noreferrer nofollow", target: "_blank" }
          : ({} as sanitizeHtml.Attributes),
    }),
  },
};

/**
 * The safe HTML of a note body: allow-listed tags only (see the module comment). Input over
 * `SANITIZE_MAX_CHARS` is cut there first. Output: HTML safe to render as is.
 */
export function sanitizeNoteHtml(input: string): string {
  const html = input.length > SANITIZE_MAX_CHARS ? input.slice(0, SANITIZE_MAX_CHARS) : input;
  return sanitizeHtml(html, options);
}

/** The visible text of sanitised note HTML (tags removed, entities decoded, whitespace collapsed). */
export function noteText(html: string): string {
  return sanitizeHtml(html.replace(/<br\s*\/?>|<\/(?:p|div|li|h[1-3]|blockquote|pre)>/g, " "), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();
}
