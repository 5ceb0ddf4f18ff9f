import { describe, expect, it } from "vitest";
import { moveBlock, newBlock, normalizeFieldErrors } from "@/components/templates/editor-state";
import { emailBlockSchema } from "@/server/domain/email-blocks";

describe("template editor state", () => {
  it("moves a block up or down and leaves the ends alone", () => {
    expect(moveBlock(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveBlock(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveBlock(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveBlock(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("names server errors the editor's way", () => {
    expect(
      normalizeFieldErrors({
        "blocks.2.url": "Use an https:// address.",
        "content.blocks.0.text": "Write some text.",
        "blocks[3].text": "Unknown variable",
        name: "Taken",
      }),
    ).toEqual({
      "blocks[2].url": "Use an https:// address.",
      "blocks[0].text": "Write some text.",
      "blocks[3].text": "Unknown variable",
      name: "Taken",
    });
  });

  it("starts dividers and footers valid, and the others waiting to be filled in", () => {
    expect(emailBlockSchema.safeParse(newBlock("divider")).success).toBe(true);
    expect(emailBlockSchema.safeParse(newBlock("footer")).success).toBe(true);
    expect(emailBlockSchema.safeParse(newBlock("heading")).success).toBe(false);
  });
});
