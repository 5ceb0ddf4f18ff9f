/** Largest JSON request body, in bytes: `MAX_JSON_BODY_BYTES`, default 1 MiB. Uploads have their own caps. */
export function maxJsonBodyBytes(): number {
  const n = Number(process.env.MAX_JSON_BODY_BYTES);
  return Number.isInteger(n) && n > 0 ? n : 1024 * 1024;
}

/** Whether the request may carry a body (anything but GET, HEAD and OPTIONS). */
export function hasBody(req: Request): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(req.method) && req.body !== null;
}

function tooLarge(limit: number): Response {
  return Response.json(
    {
      code: "PAYLOAD_TOO_LARGE",
      message: `The request body is larger than ${limit.toLocaleString("en-US")} bytes.`,
    },
    { status: 413, headers: { "cache-control": "no-store", connection: "close" } },
  );
}

/**
 * Reads a request's body under `limit` bytes while it streams: a `Content-Length` over the limit is
 * refused before reading, and a body that grows past it is cancelled at that point, so an oversized body
 * never sits in memory. Output: a copy of the request with the body buffered, or a `413` answer.
 */
export async function limitBody(req: Request, limit = maxJsonBodyBytes()): Promise<Request | Response> {
  if (!hasBody(req)) return req;
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    return tooLarge(limit);
  }
  const reader = req.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
}
