import { type EmailBlock, type EmailContent, emailBlockSchema } from "@/server/domain/email-blocks";

/*
 * The template editor's state, pure: blocks with stable ids (for keys and focus), what a new block of each
 * kind starts as, moving and removing, and the server's field errors in the editor's naming.
 */

export type BlockType = EmailBlock["type"];

/** A block in the editor: a stable id and its (possibly unfinished) content. */
export interface DraftBlock {
  id: string;
  block: EmailBlock;
}

/** The kinds of block, in the order the "Add block" buttons show them, with their labels. */
export const blockKinds: { type: BlockType; label: string }[] = [
  { type: "heading", label: "Heading" },
  { type: "text", label: "Text" },
  { type: "button", label: "Button" },
  { type: "image", label: "Image" },
  { type: "divider", label: "Divider" },
  { type: "footer", label: "Footer" },
];

export const blockLabel = (type: BlockType) => blockKinds.find((k) => k.type === type)?.label ?? type;

let counter = 0;
/** A fresh id for a block of this editing session. */
export const newBlockId = () => `b${++counter}`;

/** What a new block of `type` starts as. */
export function newBlock(type: BlockType): EmailBlock {
  switch (type) {
    case "heading":
      return { type, text: "", level: 1 };
    case "text":
      return { type, text: "" };
    case "button":
      return { type, label: "", url: "https://" };
    case "image":
      return { type, url: "https://", alt: "" };
    case "divider":
      return { type };
    case "footer":
      return { type, text: "" };
  }
}

/** The blocks a new template starts with. */
export function starterBlocks(): DraftBlock[] {
  return [
    {
      id: newBlockId(),
      block: { type: "heading", text: 'Hi {{customer.firstName | default: "there"}},', level: 1 },
    },
    { id: newBlockId(), block: { type: "text", text: "" } },
    { id: newBlockId(), block: { type: "footer", text: "" } },
  ];
}

/** `blocks` with the block at `index` moved by `delta` (−1 up, +1 down); unchanged at the ends. */
export function moveBlock<T>(blocks: T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= blocks.length || to < 0 || to >= blocks.length) return blocks;
  const next = blocks.slice();
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved!);
  return next;
}

/**
 * The server's field errors keyed the editor's way: `blocks[2].text` (zod's `blocks.2.text` and the
 * preview's `content.blocks.2.text` converted; the `content.` prefix dropped).
 */
export function normalizeFieldErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const path = key.replace(/^content\./, "").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    out[path] ??= message;
  }
  return out;
}

/** The id of a block field's input, for labels, error descriptions and focus. */
export const fieldId = (blockId: string, field: string) => `block-${blockId}-${field}`;

/**
 * What the live preview renders while the email is being written: the blocks that are complete (an
 * empty heading or an unfinished address is left out until it is filled in), and a placeholder subject.
 */
export function previewableContent(subject: string, preheader: string, blocks: DraftBlock[]): EmailContent {
  const complete = blocks.flatMap((d) => {
    const parsed = emailBlockSchema.safeParse(d.block);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    subject: subject.trim() ? subject.slice(0, 200) : "(no subject yet)",
    preheader: preheader.slice(0, 250),
    blocks: complete.length > 0 ? complete : [{ type: "footer", text: "" }],
  };
}
