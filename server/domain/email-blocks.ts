import { z } from "zod";

/*
 * Email content as blocks: the JSON an email template and an email campaign store and the API accepts.
 * Rendered to HTML and plain text with React Email (emails/campaign-email.tsx). Text may hold
 * variables (`{{customer.firstName | default: "there"}}`, server/domain/template-variables.ts).
 */

const httpsUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((u) => /^https:\/\/[^\s]+$/i.test(u), "Use an https:// address.");

/** A link target: https, or a variable that becomes one (e.g. `{{business.website}}`). */
const linkUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((u) => /^(https?:\/\/|mailto:|tel:|\{\{)[^\s]*/i.test(u), "Use a web address (https://…).");

export const emailBlockSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("heading"),
    text: z.string().trim().min(1, "Write the heading.").max(300),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
  }),
  /** Rich text: paragraphs with **bold**, *italic* and [links](https://…) (a Markdown subset). */
  z.object({ type: z.literal("text"), text: z.string().trim().min(1, "Write some text.").max(20_000) }),
  z.object({
    type: z.literal("button"),
    label: z.string().trim().min(1, "Write the button's label.").max(100),
    url: linkUrl,
  }),
  z.object({
    type: z.literal("image"),
    url: httpsUrl,
    alt: z.string().trim().max(300).default(""),
    href: linkUrl.optional(),
    width: z.number().int().min(16).max(600).optional(),
  }),
  z.object({ type: z.literal("divider") }),
  /** The footer: optional text; the business's name, postal address and the unsubscribe link are added. */
  z.object({ type: z.literal("footer"), text: z.string().trim().max(2_000).default("") }),
]);
export type EmailBlock = z.output<typeof emailBlockSchema>;

export const EMAIL_LIMITS = { subject: 200, preheader: 250, blocks: 100 } as const;

/** Subject, preheader and blocks of one email. */
export const emailContentSchema = z.object({
  subject: z.string().trim().min(1, "Write a subject.").max(EMAIL_LIMITS.subject),
  preheader: z.string().trim().max(EMAIL_LIMITS.preheader).default(""),
  blocks: z.array(emailBlockSchema).min(1, "Add at least one block.").max(EMAIL_LIMITS.blocks),
});
export type EmailContent = z.output<typeof emailContentSchema>;

/** A `[label](address)` link inside a text block; group 1 is the address. */
export const LINK_TARGET_PATTERN = /\[[^\]\n]*\]\(([^)\s]+)\)/g;

/** A piece of a text block's line after its Markdown subset is read (`parseInlineMarkdown`). */
export type InlineNode =
  | { type: "text"; text: string }
  | { type: "strong"; children: InlineNode[] }
  | { type: "em"; children: InlineNode[] }
  | { type: "link"; href: string; children: InlineNode[] };

const INLINE =
  /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|\*([^*\n]+?)\*|(?<![\p{L}\p{N}_])_([^_\n]+?)_(?![\p{L}\p{N}_])/gu;

/**
 * Reads the Markdown subset of a text block's line: `**bold**`, `*italic*` / `_italic_` and
 * `[label](address)`. Output: nodes to build elements from (never HTML); anything else stays text.
 */
export function parseInlineMarkdown(text: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) nodes.push({ type: "text", text: text.slice(at, m.index) });
    if (m[1] !== undefined) nodes.push({ type: "strong", children: parseInlineMarkdown(m[1]) });
    else if (m[2] !== undefined)
      nodes.push({ type: "link", href: m[3]!, children: parseInlineMarkdown(m[2]) });
    else nodes.push({ type: "em", children: parseInlineMarkdown(m[4] ?? m[5] ?? "") });
    at = m.index + m[0].length;
  }
  if (at < text.length) nodes.push({ type: "text", text: text.slice(at) });
  return nodes;
}

/** Whether a link address may be written into an email: https/http, mailto: or tel:. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|tel:)/i.test(href.trim());
}
