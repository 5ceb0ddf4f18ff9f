import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

export const dynamic = "force-dynamic";

/** The browser build of the API reference, as installed with the `@scalar/api-reference` package. */
const root = path.join(
  /*turbopackIgnore: true*/ process.cwd(),
  "node_modules",
  "@scalar",
  "api-reference",
  "dist",
  "browser",
);

const types: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * `GET /api/docs/assets/<file>`: a script of the API reference's browser build (`standalone.js` and the
 * chunks it loads). Only `.js` and `.css` files inside that folder; anything else is 404. Cached for a
 * day (the files change only with the package version).
 */
export async function GET(_req: Request, { params }: { params: Promise<{ file: string[] }> }) {
  const { file } = await params;
  const relative = file.join("/");
  const full = path.resolve(root, relative);
  const type = types[path.extname(full)];
  if (!type || !full.startsWith(`${root}${path.sep}`) || file.some((part) => part.startsWith(".")))
    return new Response("Not found", { status: 404 });
  try {
    const info = await stat(full);
    if (!info.isFile()) return new Response("Not found", { status: 404 });
    return new Response(Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": type,
        "content-length": String(info.size),
        "cache-control": "public, max-age=86400",
        "x-content-type-options": "nosniff",
      },
    });
  } catch {
    return new Response("Not found", { status: 404 });
  }
}
