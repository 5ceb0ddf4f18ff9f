import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/*
 * Builds embed.js (./embed.ts) to public/embed.js: one minified IIFE for browsers of the last years
 * (ES2018), no dependencies. The file is generated (not committed): `npm run build` and `npm run dev`
 * make it first (prebuild, predev). The build fails when the gzipped script is over 10 KB (the size we
 * promise website owners). Run: `npm run build:embed`.
 */

/** The promised size of embed.js, gzipped. */
export const EMBED_MAX_GZIP_BYTES = 10 * 1024;

const root = path.resolve(import.meta.dirname, "../../..");

/** Builds the script to `outfile` (default public/embed.js). Output: its size, raw and gzipped, in bytes. */
export async function buildEmbed(outfile = path.join(root, "public", "embed.js")) {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, "embed.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2018",
    legalComments: "none",
    write: false,
  });
  const code = result.outputFiles[0]!.contents;
  const gzip = gzipSync(code, { level: 9 }).byteLength;
  if (gzip > EMBED_MAX_GZIP_BYTES)
    throw new Error(`embed.js is ${gzip} bytes gzipped, over the ${EMBED_MAX_GZIP_BYTES}-byte budget.`);
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  return { bytes: code.byteLength, gzip };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  buildEmbed()
    .then(({ bytes, gzip }) => console.log(`public/embed.js: ${bytes} bytes, ${gzip} bytes gzipped`))
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
