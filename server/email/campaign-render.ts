import { randomInt } from "node:crypto";
import { render, toPlainText } from "@react-email/render";
import { createElement } from "react";
import CampaignEmail from "@/emails/campaign-email";
import type { EmailContent } from "@/server/domain/email-blocks";
import { LINK_TARGET_PATTERN } from "@/server/domain/email-blocks";
import {
  businessVariable,
  customerVariable,
  escapeHtml,
  formatValue,
  parseTemplate,
  type TemplateBusiness,
  type TemplateCustomer,
  withFallback,
} from "@/server/domain/template-variables";

/**
 * Compiling an email once, rendering it per recipient by string substitution.
 *
 * A campaign may go to 1,000,000 customers; rendering React Email for each would spend most of the send
 * in React. So `compileCampaignEmail` renders the React Email component (emails/campaign-email.tsx)
 * ONCE, with every variable occurrence replaced by a placeholder `⟦<nonce>.<n>⟧` (digits only: safe in
 * HTML text and attributes, unchanged by React's escaping and by the plain-text conversion; the random
 * nonce is chosen so it occurs nowhere in the content). The HTML, the plain text and the subject are then
 * split once into literal pieces and slots. `render(customer, { unsubscribeUrl })` only joins the pieces
 * with each slot's value:
 * - a slot in text (headings, text, labels, alt text): HTML-escaped in the HTML, as is in the plain text;
 * - a slot in an address (a button's or image's URL, a `[label](…)` target): percent-encoded, then
 *   HTML-escaped. `checkTemplateVariables` only lets a variable into an address after a literal
 *   `https://host`, so a value can never choose the scheme;
 * - `{{unsubscribeUrl}}` and the footer's unsubscribe link: the given URL, HTML-escaped (it is ours);
 * - the subject: as is (a header, not HTML).
 * A variable's `| default: "…"` fallback applies when its value is blank. Business variables are fixed
 * at compile time. The cost per recipient is a few string joins: no React, no parsing.
 *
 * Check the content with `checkTemplateVariables` (server/domain/template-variables.ts) first: an unknown
 * variable compiles to an empty value here.
 */

/** The customer fields a render reads (the campaign sender selects these columns). */
export type CampaignEmailCustomer = TemplateCustomer;

export interface CompileCampaignEmailOptions {
  business: TemplateBusiness;
  /** Printed in the footer (messaging settings); null leaves the line out. */
  postalAddress: string | null;
  /** The business's custom field keys (for the record; unknown paths render empty). */
  customFieldKeys?: readonly string[];
}

/** One recipient's email. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface CompiledCampaignEmail {
  /**
   * The email for one customer. `unsubscribeUrl`: that recipient's unsubscribe link (absolute https URL
   * made by the sender). Pure and synchronous; never throws.
   */
  render(customer: CampaignEmailCustomer, opts: { unsubscribeUrl: string }): RenderedEmail;
}

type SlotKind = "text" | "url" | "unsubscribe";
interface Slot {
  path: string;
  fallback: string | null;
  kind: SlotKind;
  /** The value for a business variable (fixed for the whole send); undefined for customer variables. */
  fixed?: string;
}

/** A document split for rendering: literal strings and slot indexes, alternating as they occur. */
type Pieces = (string | number)[];

const OPEN = "\u27e6";
const CLOSE = "\u27e7";

/**
 * Renders `content` once and returns a renderer for single recipients (see the module's comment).
 * Input: checked content (`emailContentSchema`), the business (name, phone), its postal address.
 * Output: `{ render(customer, { unsubscribeUrl }) → { subject, html, text } }`.
 * Errors: only React Email's own, for content the schema would refuse.
 */
export async function compileCampaignEmail(
  content: Pick<EmailContent, "subject" | "blocks"> & { preheader?: string },
  opts: CompileCampaignEmailOptions,
): Promise<CompiledCampaignEmail> {
  const serialized = JSON.stringify(content);
  let nonce = String(randomInt(100_000_000, 999_999_999));
  while (serialized.includes(nonce)) nonce = String(randomInt(100_000_000, 999_999_999));

  const slots: Slot[] = [];
  const slot = (s: Slot) => `${OPEN}${nonce}.${slots.push(s) - 1}${CLOSE}`;
  const unsubscribeToken = slot({ path: "unsubscribeUrl", fallback: null, kind: "unsubscribe" });

  const tokenize = (text: string, url: boolean): string => {
    const parsed = parseTemplate(text);
    if (parsed.error !== undefined) return text;
    if (
      url &&
      parsed.parts.length === 1 &&
      typeof parsed.parts[0] !== "string" &&
      parsed.parts[0]!.path === "unsubscribeUrl"
    ) {
      return unsubscribeToken;
    }
    return parsed.parts
      .map((p) => {
        if (typeof p === "string") return p;
        const kind: SlotKind = url ? "url" : "text";
        const fixed = p.path.startsWith("business.") ? businessVariable(opts.business, p.path) : undefined;
        return slot({ path: p.path, fallback: p.fallback, kind, fixed });
      })
      .join("");
  };
  /** A text block: variables inside `[label](target)` targets are addresses, the rest is text. */
  const tokenizeRich = (text: string): string => {
    let out = "";
    let at = 0;
    for (const m of text.matchAll(LINK_TARGET_PATTERN)) {
      const targetStart = m.index + m[0].length - 1 - m[1]!.length;
      out += tokenize(text.slice(at, targetStart), false) + tokenize(m[1]!, true);
      at = targetStart + m[1]!.length;
    }
    return out + tokenize(text.slice(at), false);
  };

  const tokenized = {
    subject: content.subject,
    preheader: tokenize(content.preheader ?? "", false),
    blocks: content.blocks.map((block) => {
      switch (block.type) {
        case "heading":
          return { ...block, text: tokenize(block.text, false) };
        case "text":
          return { ...block, text: tokenizeRich(block.text) };
        case "button":
          return { ...block, label: tokenize(block.label, false), url: tokenize(block.url, true) };
        case "image":
          return {
            ...block,
            url: tokenize(block.url, true),
            alt: tokenize(block.alt ?? "", false),
            ...(block.href ? { href: tokenize(block.href, true) } : {}),
          };
        case "footer":
          return { ...block, text: tokenize(block.text ?? "", false) };
        default:
          return block;
      }
    }),
  };

  const html = await render(
    createElement(CampaignEmail, {
      content: tokenized,
      businessName: opts.business.name,
      postalAddress: opts.postalAddress,
      unsubscribeUrl: unsubscribeToken,
    }),
  );
  const text = toPlainText(html, {
    selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
  });

  const tokenPattern = new RegExp(`${OPEN}${nonce}\\.(\\d+)${CLOSE}`, "g");
  const split = (doc: string): Pieces => {
    const pieces: Pieces = [];
    let at = 0;
    for (const m of doc.matchAll(tokenPattern)) {
      pieces.push(doc.slice(at, m.index), Number(m[1]));
      at = m.index + m[0].length;
    }
    pieces.push(doc.slice(at));
    return pieces;
  };
  const subjectPieces: Pieces = [];
  const subjectParsed = parseTemplate(content.subject);
  for (const p of subjectParsed.error === undefined ? subjectParsed.parts : [content.subject]) {
    if (typeof p === "string") subjectPieces.push(p);
    else
      subjectPieces.push(
        slots.push({
          path: p.path,
          fallback: p.fallback,
          kind: "text",
          fixed: p.path.startsWith("business.") ? businessVariable(opts.business, p.path) : undefined,
        }) - 1,
      );
  }

  const htmlPieces = fold(split(html), slots, "html");
  const textPieces = fold(split(text), slots, "text");
  const subjectFolded = fold(subjectPieces, slots, "text");

  return {
    render(customer, { unsubscribeUrl }) {
      const cache = new Map<number, string>();
      const raw = (i: number): string => {
        let v = cache.get(i);
        if (v === undefined) {
          const s = slots[i]!;
          v =
            s.kind === "unsubscribe" || s.path === "unsubscribeUrl"
              ? unsubscribeUrl
              : withFallback(customerVariable(customer, s.path), s.fallback);
          cache.set(i, v);
        }
        return v;
      };
      return {
        subject: join(subjectFolded, (i) => raw(i)),
        html: join(htmlPieces, (i) => writeSlot(slots[i]!, raw(i), "html")),
        text: join(textPieces, (i) => writeSlot(slots[i]!, raw(i), "text")),
      };
    },
  };
}

/** A value written into the HTML or the plain text for its slot's kind. */
function writeSlot(slot: Slot, value: string, doc: "html" | "text"): string {
  if (slot.kind === "unsubscribe") return doc === "html" ? escapeHtml(value) : value;
  if (slot.kind === "url") return formatValue(value, doc === "html" ? "url-html" : "url-text");
  return formatValue(value, doc);
}

/** Replaces slots with fixed values (business variables) by literals and merges adjacent literals. */
function fold(pieces: Pieces, slots: Slot[], doc: "html" | "text"): Pieces {
  const out: Pieces = [];
  for (const piece of pieces) {
    const s = typeof piece === "number" ? slots[piece]! : null;
    const literal =
      typeof piece === "string"
        ? piece
        : s?.fixed !== undefined
          ? writeSlot(s, withFallback(s.fixed, s.fallback), doc)
          : null;
    if (literal === null) out.push(piece);
    else if (typeof out.at(-1) === "string") out[out.length - 1] = (out.at(-1) as string) + literal;
    else out.push(literal);
  }
  return out;
}

function join(pieces: Pieces, value: (slot: number) => string): string {
  let out = "";
  for (const piece of pieces) out += typeof piece === "string" ? piece : value(piece);
  return out;
}

/**
 * One customer's email (the editor's preview, a test send): compile + render.
 * Input/Output as `compileCampaignEmail` and its `render`.
 */
export async function renderEmailPreview(
  content: Pick<EmailContent, "subject" | "blocks"> & { preheader?: string },
  opts: CompileCampaignEmailOptions & { customer: CampaignEmailCustomer; unsubscribeUrl: string },
): Promise<RenderedEmail> {
  const compiled = await compileCampaignEmail(content, opts);
  return compiled.render(opts.customer, { unsubscribeUrl: opts.unsubscribeUrl });
}
