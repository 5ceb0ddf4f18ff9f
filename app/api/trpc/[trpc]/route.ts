import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { limitBody } from "@/server/http/body-limit";

/** tRPC over HTTP; request bodies are read up to `MAX_JSON_BODY_BYTES` (413 past it). */
async function handler(req: Request) {
  const limited = await limitBody(req);
  if (limited instanceof Response) return limited;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited,
    router: appRouter,
    createContext: () => createContext(limited),
  });
}

export { handler as GET, handler as POST };
