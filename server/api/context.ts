import { getDb } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { authenticateApiKey } from "@/server/services/api-keys";
import type { Context } from "./trpc";

/**
 * Builds the tRPC context of an HTTP request: `Authorization: Bearer <key>` authenticates an API key
 * (a present but invalid key gives no principal, so procedures answer 401); otherwise the session cookie.
 */
export async function createContext(req: Request, opts: { allowSession?: boolean } = {}): Promise<Context> {
  const db = await getDb();
  const authz = req.headers.get("authorization");
  const ip = clientIp(req.headers);
  if (authz?.toLowerCase().startsWith("bearer ")) {
    const apiKey = await authenticateApiKey(db, authz.slice(7).trim());
    return { db, user: null, apiKey, ip };
  }
  if (opts.allowSession === false) return { db, user: null, apiKey: null, ip };
  // Loaded only when needed: Auth.js requires a Next.js request scope, which `/api/v1` (API keys only),
  // scripts and tests do not have.
  const { getSessionUser } = await import("@/server/auth");
  const user = await getSessionUser();
  return { db, user, apiKey: null, ip };
}
