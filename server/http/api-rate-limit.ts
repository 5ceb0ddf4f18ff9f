import { createHash } from "node:crypto";
import { createLimiter, isLimited, rateLimitHeaders } from "@/server/rate-limit";
import { bearerToken } from "@/server/services/api-keys";

/** Requests per minute per API key: `API_RATE_LIMIT_PER_MINUTE`, default 600. */
function perMinute(): number {
  const n = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(n) && n > 0 ? n : 600;
}

let limiter: ReturnType<typeof createLimiter> | null = null;
let limiterPoints = 0;

function apiKeyLimiter() {
  const points = perMinute();
  if (!limiter || limiterPoints !== points) {
    limiter = createLimiter({ keyPrefix: "api_key", points, duration: 60 });
    limiterPoints = points;
  }
  return limiter;
}

/**
 * Runs a REST v1 request under its API key's rate limit (`API_RATE_LIMIT_PER_MINUTE`, default 600 per
 * minute, shared by every process): past it, `429` with `Retry-After`; every answer carries the
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` headers (IETF draft RateLimit header
 * fields). The key is counted by its hash, before it is looked up, so even invalid keys are limited.
 * A request without a key is passed through (it is answered 401 by the handler).
 */
export async function withApiKeyRateLimit(req: Request, handler: () => Promise<Response>): Promise<Response> {
  const token = bearerToken(req.headers);
  if (token === null) return handler();
  const limit = apiKeyLimiter();
  const key = createHash("sha256").update(token).digest("base64url").slice(0, 32);
  let headers: Record<string, string>;
  try {
    headers = rateLimitHeaders(limit.rule, await limit.consume(key), false);
  } catch (e) {
    if (!isLimited(e)) throw e;
    return Response.json(
      {
        code: "TOO_MANY_REQUESTS",
        message: "Too many requests for this API key. Retry after the time in Retry-After.",
      },
      { status: 429, headers: rateLimitHeaders(limit.rule, e, true) },
    );
  }
  const res = await handler();
  // Some responses (redirects, fetch responses) have immutable headers: copy them when needed.
  try {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
