/**
 * Next.js calls `register()` once when a server process starts. In the Node.js runtime it sets how far
 * the heap grows between collections (server/heap-growth), and starts the peer-address header and
 * background work: the local job driver when no Inngest server is configured (see server/jobs), and on
 * the embedded database the bridge that runs `npm run crm` commands in this process.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Throws at start for an invalid HEAP_GROWING_PERCENT or SEMI_SPACE_GROWTH_FACTOR.
    const { applyHeapGrowth } = await import("@/server/heap-growth");
    applyHeapGrowth();
    // Route handlers learn the socket's address from a header the server sets (see server/auth/client-ip).
    const { installPeerAddressHeader } = await import("@/server/http/peer-address");
    installPeerAddressHeader();
    if (process.env.NODE_ENV === "production" && !process.env.APP_URL) {
      const { logger } = await import("@/server/logger");
      logger.warn(
        "APP_URL is not set: links in emails will point to localhost. Set it to the app's public URL.",
      );
    }
    const { startBackgroundWork } = await import("@/server/jobs/background");
    await startBackgroundWork();
    // On the embedded database, `npm run crm` commands run inside this process (PGlite serves one).
    if (!process.env.DATABASE_URL) {
      const { startCliBridge } = await import("@/server/cli/bridge");
      await startCliBridge().catch(async (err: unknown) => {
        const { logger } = await import("@/server/logger");
        logger.warn({ err }, "CLI bridge not started: stop the app to run crm commands");
      });
    }
  }
}
