import { getDb } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { authenticateApiKey, bearerToken } from "@/server/services/api-keys";
import type { Context } from "./trpc";

/**
 * Builds the tRPC context of an HTTP request: `Authorization: Bearer <key>` authenticates an API key
 * (a present but invalid key gives no principal, so procedures answer 401); otherwise the session cookie.
 */
export async function createContext(req: Request, opts: { allowSession?: boolean } = {}): Promise<Context> {
  const db = await getDb();
  const ip = clientIp(req.headers);
  const token = bearerToken(req.headers);
  if (token !== null) {
    const apiKey = await authenticateApiKey(db, token);
    return { db, user: null, apiKey, ip };
  }
  if (opts.allowSession === false) return { db, user: null, apiKey: null, ip };
  // Loaded only when needed: Auth.js requires a Next.js request scope, which `/api/v1` (API keys only),
  // scripts and tests do not have.
  const { getSessionUser } = await import("@/server/auth");
  const user = await getSessionUser();
  return { db, user, apiKey: null, ip };
}
