import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { createContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";

/**
 * REST API v1, served from the same tRPC procedures (those with `openapi` meta). API keys only: a
 * browser session does not authenticate here. Errors are JSON `{ message, code, issues? }`.
 */
function handler(req: Request) {
  return createOpenApiFetchHandler({
    endpoint: "/api/v1",
    router: appRouter,
    createContext: () => createContext(req, { allowSession: false }),
    req,
  });
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
