import { describe, expect, it } from "vitest";
import { emailContentSchema } from "@/server/domain/email-blocks";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";

describe("markdownToBlocks", () => {
  it("turns headings, paragraphs, lists, rules and images into blocks", () => {
    const md = [
      '# Hi {{customer.firstName | default: "there"}}',
      "",
      "Our **new** menu is *here*: [see it](https://example.com/menu).",
      "Second line.",
      "",
      "![Cake](https://img.example/cake.png)",
      "",
      "[![Logo](https://img.example/logo.png)](https://example.com)",
      "",
      "- one",
      "- two",
      "",
      "3. three",
      "4. four",
      "",
      "---",
      "",
      "<div>raw html</div>",
      "",
      "#### Small print",
      "",
      "[Book now](https://example.com/book)",
    ].join("\n");
    expect(markdownToBlocks(md)).toEqual([
      { type: "heading", text: 'Hi {{customer.firstName | default: "there"}}', level: 1 },
      { type: "text", text: "Our **new** menu is *here*: [see it](https://example.com/menu).\nSecond line." },
      { type: "image", url: "https://img.example/cake.png", alt: "Cake" },
      { type: "image", url: "https://img.example/logo.png", alt: "Logo", href: "https://example.com" },
      { type: "text", text: "- one\n- two" },
      { type: "text", text: "3. three\n4. four" },
      { type: "divider" },
      { type: "heading", text: "Small print", level: 3 },
      { type: "text", text: "[Book now](https://example.com/book)" },
    ]);
  });

  it("gives blocks the email schema accepts, and nothing for empty Markdown", () => {
    expect(markdownToBlocks("  \n\n")).toEqual([]);
    const blocks = markdownToBlocks("## Title\n\nBody text\n\n***\n\n![x](https://img.example/x.png)");
    expect(emailContentSchema.safeParse({ subject: "S", blocks }).success).toBe(true);
  });

  it("keeps an http image as an image, for the schema to refuse with its address", () => {
    const blocks = markdownToBlocks("![x](http://img.example/x.png)");
    expect(blocks).toEqual([{ type: "image", url: "http://img.example/x.png", alt: "x" }]);
    const parsed = emailContentSchema.safeParse({ subject: "S", blocks });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["blocks", 0, "url"]);
  });
});
