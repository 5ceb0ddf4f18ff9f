import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildEmbed, EMBED_MAX_GZIP_BYTES } from "@/components/lead-forms/embed/build";

const dir = mkdtempSync(path.join(tmpdir(), "embed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embed.js", () => {
  it("builds to one dependency-free script within 10 KB gzipped", async () => {
    const out = path.join(dir, "embed.js");
    const { bytes, gzip } = await buildEmbed(out);
    expect(gzip).toBeLessThanOrEqual(EMBED_MAX_GZIP_BYTES);
    const code = readFileSync(out, "utf8");
    expect(code.length).toBe(bytes);
    expect(code).not.toMatch(/\brequire\(|\bimport\s*[({]/);
    expect(code).toContain("MiniCRM");
    expect(code).toContain("attachShadow");
    // An IIFE: nothing leaks into the page's globals but window.MiniCRM.
    expect(code).toMatch(/^("use strict";)?\(\(\)=>\{/);
  });
});
