import { replayOutbox } from "./outbox";
import { currentUser, openOfflineDb } from "./store";

/**
 * Background Sync in the service worker: when a window of the app is open, it is asked to replay (it
 * shows the outcome); otherwise the worker replays the signed-in user's queue itself.
 */
export async function replayOutboxFromWorker(sw: ServiceWorkerGlobalScope): Promise<void> {
  const windows = await sw.clients.matchAll({ type: "window" });
  if (windows.length > 0) {
    for (const w of windows) w.postMessage({ type: "replay-outbox" });
    return;
  }
  const user = await currentUser();
  if (!user) return;
  const db = await openOfflineDb(user.id);
  try {
    const summary = await replayOutbox(db, user.id);
    // Still waiting (offline again, server error): fail the sync so the browser tries again later.
    if (summary.waiting > 0 && !summary.signedOut) throw new Error("writes still waiting");
  } finally {
    db.close();
  }
}
