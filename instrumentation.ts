/**
 * Next.js calls `register()` once when a server process starts. In the Node.js runtime it starts
 * background work: the local job driver when no Inngest server is configured (see server/jobs).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startBackgroundWork } = await import("@/server/jobs/background");
    await startBackgroundWork();
  }
}
