/**
 * What the service worker (app/sw.ts) and the pages agree on: the offline app's path, the Background
 * Sync tag of the write queue, and the Web Push payload.
 */

/** The offline app: precached, answers any business page the network cannot. */
export const OFFLINE_APP_PATH = "/~offline";

/** Background Sync tag registered when a write is queued (components/offline/outbox.ts). */
export const OUTBOX_SYNC_TAG = "outbox";

/** A Web Push message as the server sends it (server/push/send.ts): all strings, `url` app-relative. */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  /** Notifications with the same tag replace each other (one per task, one per import). */
  tag?: string;
}

/** Reads a push payload; anything unreadable still shows a notification that opens the app. */
export function parsePushPayload(text: string | undefined | null): PushMessage {
  try {
    const raw = JSON.parse(text ?? "") as Partial<PushMessage>;
    return {
      title: typeof raw.title === "string" && raw.title ? raw.title : "Mini CRM",
      body: typeof raw.body === "string" ? raw.body : "",
      url: typeof raw.url === "string" && raw.url.startsWith("/") ? raw.url : "/b",
      tag: typeof raw.tag === "string" ? raw.tag : undefined,
    };
  } catch {
    return { title: "Mini CRM", body: text ?? "", url: "/b" };
  }
}
