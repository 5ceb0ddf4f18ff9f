import { env, savedSecret } from "@/server/env";

/** The application server's VAPID identity (RFC 8292): keys as base64url strings, and its contact. */
export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

let cached: VapidDetails | null = null;

/**
 * The VAPID keys that sign our pushes: `VAPID_PUBLIC_KEY` / `VAPID_PRIVATE_KEY` when set (both or
 * neither), otherwise a P-256 pair generated once by web-push and kept in `.data/secrets.json`, so
 * devices subscribed on this machine stay subscribed across restarts. The subject is `VAPID_SUBJECT`,
 * else `mailto:` the address of `EMAIL_FROM`. web-push is loaded only when a pair must be generated, so
 * the server does not load it at start.
 * Errors: throws when only one of the two keys is set.
 */
export async function vapidDetails(): Promise<VapidDetails> {
  if (cached) return cached;
  const { VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv } = env;
  if (Boolean(pub) !== Boolean(priv))
    throw new Error("Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither.");
  let publicKey = pub;
  let privateKey = priv;
  if (!publicKey || !privateKey) {
    const { default: webpush } = await import("web-push");
    const pair = savedSecret("vapidKeys", () => {
      const keys = webpush.generateVAPIDKeys();
      return `${keys.publicKey}.${keys.privateKey}`;
    });
    [publicKey, privateKey] = pair.split(".") as [string, string];
  }
  const emailFrom = env.EMAIL_FROM ?? "onboarding@resend.dev";
  const from = /<([^>]+)>/.exec(emailFrom)?.[1] ?? emailFrom.trim();
  cached = { subject: env.VAPID_SUBJECT ?? `mailto:${from}`, publicKey, privateKey };
  return cached;
}

/** Forgets the loaded keys (tests that change the environment). */
export function resetVapidDetails(): void {
  cached = null;
}
