import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addCompileHints, compileHint } from "@/server/build/compile-hints";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A chunks folder like `.next/static/chunks`: two chunks, a nested one, a stylesheet. */
function chunksFolder() {
  const dir = mkdtempSync(path.join(tmpdir(), "compile-hints-"));
  dirs.push(dir);
  const chunk = '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([null,1,e=>{e.v("a")}]);';
  writeFileSync(path.join(dir, "a.js"), chunk);
  writeFileSync(path.join(dir, "b.js"), "console.log(1)");
  mkdirSync(path.join(dir, "pages"));
  writeFileSync(path.join(dir, "pages", "c.js"), "export{}");
  writeFileSync(path.join(dir, "app.css"), "body{margin:0}");
  return { dir, chunk };
}

describe("compile hints on the browser build's chunks", () => {
  it("puts the hint on the first line of every JavaScript chunk, code unchanged below it", async () => {
    const { dir, chunk } = chunksFolder();
    expect(await addCompileHints(dir)).toEqual({ marked: 3, skipped: 0 });
    expect(readFileSync(path.join(dir, "a.js"), "utf8")).toBe(`${compileHint}\n${chunk}`);
    expect(readFileSync(path.join(dir, "pages", "c.js"), "utf8")).toBe(`${compileHint}\nexport{}`);
    expect(readFileSync(path.join(dir, "app.css"), "utf8")).toBe("body{margin:0}");
  });

  it("marks a chunk once when the build step runs again", async () => {
    const { dir, chunk } = chunksFolder();
    await addCompileHints(dir);
    expect(await addCompileHints(dir)).toEqual({ marked: 0, skipped: 3 });
    expect(readFileSync(path.join(dir, "a.js"), "utf8")).toBe(`${compileHint}\n${chunk}`);
  });

  it("fails when there is no build to mark", async () => {
    await expect(addCompileHints(path.join(tmpdir(), "no-such-build-folder"))).rejects.toThrow(/ENOENT/);
  });

  it("the hint is a line comment: the marked chunk still runs", async () => {
    const { dir } = chunksFolder();
    writeFileSync(path.join(dir, "run.js"), "globalThis.__hinted = 41 + 1;");
    await addCompileHints(dir);
    new Function(readFileSync(path.join(dir, "run.js"), "utf8"))();
    expect((globalThis as { __hinted?: number }).__hinted).toBe(42);
  });
});
