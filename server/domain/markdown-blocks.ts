import { Lexer, type Token, type Tokens } from "marked";
import type { EmailBlock } from "./email-blocks";

/*
 * A Markdown body (the API's `body`) as email blocks, read with marked's lexer (CommonMark + GFM):
 * - `#`, `##`, `###` … → heading (levels past 3 become 3);
 * - a paragraph → text (its inline Markdown kept: **bold**, *italic*, [links](…), variables);
 * - a paragraph that is only an image `![alt](https://…)` (or a linked image) → image;
 * - a list → one text block of `- item` / `1. item` lines; a block quote, code or table → text;
 * - `---` → divider; raw HTML is dropped (an email's HTML is ours to write).
 * Block limits (length, https images) are checked afterwards by `emailContentSchema`.
 */

/**
 * Converts a Markdown document into email blocks, in order. Pure; never throws (empty Markdown gives []).
 */
export function markdownToBlocks(md: string): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  for (const token of new Lexer({ gfm: true }).lex(md.replace(/\r\n?/g, "\n"))) {
    const block = tokenToBlock(token);
    if (block) blocks.push(block);
  }
  return blocks;
}

function tokenToBlock(token: Token): EmailBlock | null {
  switch (token.type) {
    case "heading": {
      const t = token as Tokens.Heading;
      const text = t.text.trim();
      if (!text) return null;
      return { type: "heading", text, level: Math.min(3, Math.max(1, t.depth)) as 1 | 2 | 3 };
    }
    case "paragraph": {
      const t = token as Tokens.Paragraph;
      return imageOnly(t.tokens ?? []) ?? textBlock(t.text);
    }
    case "list": {
      const t = token as Tokens.List;
      const start = typeof t.start === "number" ? t.start : 1;
      const lines = t.items.map((item, i) => {
        const bullet = t.ordered ? `${start + i}.` : "-";
        return `${bullet} ${item.text.trim().replace(/\n\s*/g, " ")}`;
      });
      return textBlock(lines.join("\n"));
    }
    case "blockquote":
      return textBlock((token as Tokens.Blockquote).text);
    case "code":
      return textBlock((token as Tokens.Code).text);
    case "table": {
      const t = token as Tokens.Table;
      const rows = [t.header.map((c) => c.text), ...t.rows.map((r) => r.map((c) => c.text))];
      return textBlock(rows.map((r) => r.join(" · ")).join("\n"));
    }
    case "hr":
      return { type: "divider" };
    case "text":
      return textBlock((token as Tokens.Text).text);
    default:
      // space, html, def: nothing to show.
      return null;
  }
}

function textBlock(text: string): EmailBlock | null {
  const trimmed = text.trim();
  return trimmed ? { type: "text", text: trimmed } : null;
}

/** An image block when the paragraph holds only an image, or only a link around an image. */
function imageOnly(tokens: Token[]): EmailBlock | null {
  const meaningful = tokens.filter((t) => !(t.type === "text" && !(t as Tokens.Text).text.trim()));
  if (meaningful.length !== 1) return null;
  const only = meaningful[0]!;
  if (only.type === "image") {
    const img = only as Tokens.Image;
    return { type: "image", url: img.href, alt: img.text ?? "" };
  }
  if (only.type === "link") {
    const link = only as Tokens.Link;
    const inner = imageOnly(link.tokens ?? []);
    if (inner?.type === "image") return { ...inner, href: link.href };
  }
  return null;
}
