import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * V8's explicit compile hint for a whole file (https://v8.dev/blog/explicit-compile-hints): a script
 * whose first line is this comment has every function compiled eagerly, on the thread that streams the
 * script in, instead of lazily on the main thread the first time each is called. Chromium 136 and later
 * read it; other engines see a comment.
 */
export const compileHint = "//# allFunctionsCalledOnLoad";

/**
 * Marks every JavaScript chunk of the browser build (`.next/static/chunks`, the folder given) with
 * `compileHint`. Each chunk is a list of module factories that run as soon as the chunk has loaded, so
 * compiling them lazily put their whole compile time into the page's first long task (measured on the
 * dashboard at 4x CPU slowdown: a 190 ms task, 100 ms of it compiling). Idempotent: a chunk that
 * already starts with the hint is left alone. Returns `{ marked, skipped }` (file counts). Throws when the
 * folder does not exist (no production build).
 */
export async function addCompileHints(dir: string): Promise<{ marked: number; skipped: number }> {
  let marked = 0;
  let skipped = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = await readFile(file, "utf8");
    if (source.startsWith(compileHint)) {
      skipped++;
      continue;
    }
    await writeFile(file, `${compileHint}\n${source}`);
    marked++;
  }
  return { marked, skipped };
}

// `tsx server/build/compile-hints.ts [dir]`: run by `npm run build` after `next build`, before the
// service worker's precache list is written.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dir = path.resolve(process.argv[2] ?? ".next/static/chunks");
  const { marked, skipped } = await addCompileHints(dir);
  console.log(`Compile hints: ${marked} chunks marked, ${skipped} already marked (${dir})`);
}
