import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { createContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { withApiKeyRateLimit } from "@/server/http/api-rate-limit";

/**
 * REST API v1, served from the same tRPC procedures (those with `openapi` meta). API keys only: a
 * browser session does not authenticate here. Errors are JSON `{ message, code, issues? }`. Each key is
 * rate-limited (`withApiKeyRateLimit`).
 */
function handler(req: Request) {
  return withApiKeyRateLimit(req, () =>
    createOpenApiFetchHandler({
      endpoint: "/api/v1",
      router: appRouter,
      createContext: () => createContext(req, { allowSession: false }),
      req,
    }),
  );
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
