import { getDb } from "@/db/client";
import { createContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { withApiKeyRateLimit } from "@/server/http/api-rate-limit";
import { hasBody, limitBody } from "@/server/http/body-limit";
import { createRestHandler } from "@/server/http/openapi-fetch";
import { authenticateApiKey, bearerToken } from "@/server/services/api-keys";

/** The REST routes of every procedure with `openapi` meta, built once per process. */
const rest = createRestHandler({
  router: appRouter,
  endpoint: "/api/v1",
  createContext: (req) => createContext(req, { allowSession: false }),
});

/**
 * REST API v1, served from the same tRPC procedures (those with `openapi` meta). API keys only: a
 * browser session does not authenticate here. Errors are JSON `{ message, code, issues? }`. Each key is
 * rate-limited (`withApiKeyRateLimit`); bodies are read only for a valid key and up to
 * `MAX_JSON_BODY_BYTES` (413 past it).
 */
function handler(req: Request) {
  return withApiKeyRateLimit(req, async () => {
    let request = req;
    if (hasBody(req)) {
      // The key is checked before any byte of the body is read, and the body is read under its limit.
      if (!(await authenticateApiKey(await getDb(), bearerToken(req.headers)))) {
        await req.body?.cancel().catch(() => {});
        return Response.json(
          { code: "UNAUTHORIZED", message: "Send a valid API key: Authorization: Bearer <key>." },
          { status: 401 },
        );
      }
      const limited = await limitBody(req);
      if (limited instanceof Response) return limited;
      request = limited;
    } else if (req.method === "POST") {
      // An action with nothing to say (`POST /campaigns/{id}/send`) may come without a body.
      const headers = new Headers(req.headers);
      headers.set("content-type", "application/json");
      request = new Request(req.url, { method: "POST", headers, body: "{}" });
    }
    const response = await rest(request);
    return acceptedStatus(request, response);
  });
}

/** Actions that start background work answer 202 Accepted (RFC 9110 §15.3.3), not 200. */
const acceptedPaths = [/^\/api\/v1\/campaigns\/[^/]+\/send$/];

function acceptedStatus(req: Request, res: Response): Response {
  if (req.method !== "POST" || res.status !== 200) return res;
  const { pathname } = new URL(req.url);
  if (!acceptedPaths.some((re) => re.test(pathname))) return res;
  return new Response(res.body, { status: 202, headers: res.headers });
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
