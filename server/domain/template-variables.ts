/** Field path → message (the shape of AppError field errors). */
type FieldErrors = Record<string, string>;

import { type EmailBlock, type EmailContent, LINK_TARGET_PATTERN } from "./email-blocks";

/*
 * Template variables: `{{customer.firstName}}`, `{{ customer.firstName | default: "there" }}` (single
 * quotes too). Pure: the template editor (Insert variable menu), the template service (checked at save)
 * and the campaign renderer (server/email/campaign-render.ts) share it.
 *
 * Where a value lands decides how it is written:
 * - HTML text and attributes: HTML-escaped (`escapeHtml`);
 * - a URL (a button's or image's address, a `[link](…)` target): percent-encoded (`encodeUrlValue`), then
 *   HTML-escaped; a URL holding a variable must start with a literal `https://`, so no value can choose
 *   the scheme (`javascript:` …), or be exactly `{{unsubscribeUrl}}`;
 * - the subject and the plain-text part: as is.
 */

/** A variable a template may use, with a label for the menu and the value a sample customer shows. */
export interface TemplateVariable {
  path: string;
  label: string;
  sample: string;
}

/** The fixed variables (custom fields are added per business, `customer.custom.<key>`). */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  { path: "customer.firstName", label: "First name", sample: "Asha" },
  { path: "customer.lastName", label: "Last name", sample: "Rao" },
  { path: "customer.name", label: "Full name", sample: "Asha Rao" },
  { path: "customer.email", label: "Email", sample: "asha@example.com" },
  { path: "customer.phone", label: "Phone", sample: "+91 98765 43210" },
  { path: "customer.whatsapp", label: "WhatsApp", sample: "+91 98765 43210" },
  { path: "customer.company", label: "Company", sample: "Rao Traders" },
  { path: "customer.city", label: "City", sample: "Pune" },
  { path: "customer.country", label: "Country", sample: "IN" },
  { path: "business.name", label: "Business name", sample: "" },
  { path: "business.phone", label: "Business phone", sample: "" },
  { path: "unsubscribeUrl", label: "Unsubscribe link", sample: "" },
];

/** The path of a custom field's variable. */
export const customFieldVariable = (key: string) => `customer.custom.${key}`;

/**
 * Every variable a business's templates may use: the fixed ones, then one per custom field.
 * Input: the business's custom fields (`key`, `label`).
 */
export function templateVariables(customFields: { key: string; label: string }[]): TemplateVariable[] {
  return [
    ...TEMPLATE_VARIABLES,
    ...customFields.map((f) => ({ path: customFieldVariable(f.key), label: f.label, sample: "" })),
  ];
}

/** One variable occurrence: its path and the fallback written after `| default:` (null without one). */
export interface VariableRef {
  path: string;
  fallback: string | null;
}

/** Text split into literal strings and variable occurrences, in order. */
export type TemplatePart = string | VariableRef;

const INNER = /^\s*([A-Za-z_][\w]*(?:\.[\w-]+)*)\s*(?:\|\s*default\s*:\s*(?:"([^"]*)"|'([^']*)')\s*)?$/;

/**
 * Splits `text` into literals and variables. Output: `{ parts }`, or `{ error }` (a sentence) for a
 * `{{` without its `}}` or a `{{…}}` that is not `path` or `path | default: "text"`.
 */
export function parseTemplate(
  text: string,
): { parts: TemplatePart[]; error?: undefined } | { error: string } {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("{{", at);
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) return { error: 'A "{{" is not closed with "}}".' };
    const inner = text.slice(open + 2, close);
    const m = INNER.exec(inner);
    if (!m) return { error: `"{{${inner}}}" is not a variable. Write it as {{customer.firstName}}.` };
    if (open > at) parts.push(text.slice(at, open));
    parts.push({ path: m[1]!, fallback: m[2] ?? m[3] ?? null });
    at = close + 2;
  }
  if (at < text.length) parts.push(text.slice(at));
  return { parts };
}

/** Whether `path` is a variable the business's templates may use. */
export function isKnownVariable(path: string, customFieldKeys: ReadonlySet<string> | readonly string[]) {
  if (TEMPLATE_VARIABLES.some((v) => v.path === path)) return true;
  if (!path.startsWith("customer.custom.")) return false;
  const key = path.slice("customer.custom.".length);
  return Array.isArray(customFieldKeys)
    ? customFieldKeys.includes(key)
    : (customFieldKeys as ReadonlySet<string>).has(key);
}

/**
 * The problem with one text (null when there is none): a parse error, or the first unknown variable.
 * `url`: the text is an address, so a variable needs a literal `https://` before it (or the whole text is
 * `{{unsubscribeUrl}}`).
 */
export function checkTemplateText(
  text: string,
  customFieldKeys: ReadonlySet<string> | readonly string[],
  opts: { url?: boolean } = {},
): string | null {
  const parsed = parseTemplate(text);
  if (parsed.error !== undefined) return parsed.error;
  const refs = parsed.parts.filter((p): p is VariableRef => typeof p !== "string");
  for (const ref of refs) {
    if (!isKnownVariable(ref.path, customFieldKeys)) {
      return `Unknown variable {{${ref.path}}}. Pick one from "Insert variable".`;
    }
  }
  if (opts.url && refs.length > 0) return checkUrlVariables(text.trim(), parsed.parts);
  return null;
}

function checkUrlVariables(text: string, parts: TemplatePart[]): string | null {
  if (parts.length === 1 && typeof parts[0] !== "string" && parts[0]!.path === "unsubscribeUrl") return null;
  const first = parts[0];
  if (typeof first !== "string" || !/^https:\/\/[^\s/{]/i.test(first) || !text.startsWith(first)) {
    return "A web address with a variable must start with https:// and a site name.";
  }
  if (parts.some((p) => typeof p !== "string" && p.path === "unsubscribeUrl")) {
    return "Use {{unsubscribeUrl}} alone as the address.";
  }
  return null;
}

/** The fields of a block that hold text with variables, and whether each is an address. */
export function blockTextFields(block: EmailBlock): { key: string; value: string; url: boolean }[] {
  switch (block.type) {
    case "heading":
      return [{ key: "text", value: block.text, url: false }];
    case "text":
      return [{ key: "text", value: block.text, url: false }];
    case "button":
      return [
        { key: "label", value: block.label, url: false },
        { key: "url", value: block.url, url: true },
      ];
    case "image":
      return [
        { key: "url", value: block.url, url: true },
        { key: "alt", value: block.alt ?? "", url: false },
        ...(block.href ? [{ key: "href", value: block.href, url: true }] : []),
      ];
    case "divider":
      return [];
    case "footer":
      return [{ key: "text", value: block.text ?? "", url: false }];
  }
}

/**
 * Checks every variable of an email before it is saved or sent. Input: the content and the business's
 * custom field keys. Output: field errors keyed by path (`subject`, `preheader`, `blocks[2].text`,
 * `blocks[3].url` …), one per field, for an unclosed `{{`, a malformed or unknown variable, or a variable in
 * an address without a literal `https://` before it (also inside a text's `[label](address)`); empty when
 * all is well. Used by the template service at save and by the campaign sender before sending.
 */
export function checkTemplateVariables(
  content: Pick<EmailContent, "subject" | "blocks"> & { preheader?: string },
  customFieldKeys: readonly string[],
): FieldErrors {
  const keys = new Set(customFieldKeys);
  const errors: FieldErrors = {};
  const subject = checkTemplateText(content.subject, keys);
  if (subject) errors.subject = subject;
  const preheader = checkTemplateText(content.preheader ?? "", keys);
  if (preheader) errors.preheader = preheader;
  content.blocks.forEach((block, i) => {
    for (const field of blockTextFields(block)) {
      let problem = checkTemplateText(field.value, keys, { url: field.url });
      if (!problem && block.type === "text") {
        for (const m of field.value.matchAll(LINK_TARGET_PATTERN)) {
          problem = checkTemplateText(m[1]!, keys, { url: true });
          if (problem) break;
        }
      }
      if (problem) errors[`blocks[${i}].${field.key}`] = problem;
    }
  });
  return errors;
}

/** The customer fields variables read. */
export interface TemplateCustomer {
  name: string;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  company: string | null;
  city: string | null;
  country: string | null;
  customFields: Record<string, unknown>;
}

/** The business fields variables read. */
export interface TemplateBusiness {
  name: string;
  phone?: string | null;
}

/** A custom field's value as text: lists joined with ", ", true/false as Yes/No, null as "". */
export function customFieldText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(customFieldText).join(", ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "object") return "";
  return String(value);
}

/**
 * The value of `path` for a customer ("" when empty or unknown). `customer.firstName` is the first word
 * of the name, `customer.lastName` the rest.
 */
export function customerVariable(customer: TemplateCustomer, path: string): string {
  const name = customer.name.trim();
  switch (path) {
    case "customer.firstName":
      return name.split(/\s+/)[0] ?? "";
    case "customer.lastName":
      return name.split(/\s+/).slice(1).join(" ");
    case "customer.name":
      return name;
    case "customer.email":
    case "customer.phone":
    case "customer.whatsapp":
    case "customer.company":
    case "customer.city":
    case "customer.country":
      return customer[path.slice("customer.".length) as "email"] ?? "";
  }
  if (path.startsWith("customer.custom.")) {
    const key = path.slice("customer.custom.".length);
    return Object.hasOwn(customer.customFields, key) ? customFieldText(customer.customFields[key]) : "";
  }
  return "";
}

/** The value of a business variable ("" when unknown or empty). */
export function businessVariable(business: TemplateBusiness, path: string): string {
  if (path === "business.name") return business.name;
  if (path === "business.phone") return business.phone ?? "";
  return "";
}

/** `value`, or the fallback when it is empty (blank after trimming). */
export function withFallback(value: string, fallback: string | null): string {
  return value.trim() === "" && fallback !== null ? fallback : value;
}

/** Escapes text for HTML content and quoted attribute values (`& < > " '`). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * A value placed inside an address after its literal `https://…`: percent-encoded like `encodeURI`
 * (spaces, quotes, `<` `>` and non-ASCII encoded; `/ ? & =` kept). A lone surrogate gives "".
 */
export function encodeUrlValue(value: string): string {
  try {
    return encodeURI(value).replace(/'/g, "%27");
  } catch {
    return "";
  }
}

/** Where a substituted value lands. */
export type ValueContext = "html" | "text" | "url-html" | "url-text";

/**
 * Substitutes the variables of `text`. `resolve(path)` gives a variable's raw value; the fallback applies
 * when it is empty. `context`: `html` escapes, `text` writes as is, `url-*` percent-encode (and escape
 * for HTML). Unknown variables resolve to "" here; `checkTemplateVariables` refuses them before.
 * Input text that does not parse is returned unchanged.
 */
export function renderTemplateText(
  text: string,
  resolve: (path: string) => string,
  context: ValueContext = "text",
): string {
  const parsed = parseTemplate(text);
  if (parsed.error !== undefined) return text;
  return parsed.parts
    .map((p) => (typeof p === "string" ? p : formatValue(withFallback(resolve(p.path), p.fallback), context)))
    .join("");
}

/** A value written for `context` (see `renderTemplateText`). */
export function formatValue(value: string, context: ValueContext): string {
  switch (context) {
    case "html":
      return escapeHtml(value);
    case "text":
      return value;
    case "url-html":
      return escapeHtml(encodeUrlValue(value));
    case "url-text":
      return encodeUrlValue(value);
  }
}
