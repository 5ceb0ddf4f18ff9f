import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getSessionUser } from "@/server/auth";
import { clientIp } from "@/server/auth/client-ip";
import { createCaller } from "./root";

/** The signed-in user for this request (memoized per request). */
export const currentUser = cache(getSessionUser);

/**
 * A tRPC caller for server components and server actions, with the request's session.
 * Usage: `const api = await serverApi(); await api.business.list()`.
 */
export const serverApi = cache(async () => {
  const h = await headers();
  return createCaller({ db: await getDb(), user: await currentUser(), apiKey: null, ip: clientIp(h) });
});
