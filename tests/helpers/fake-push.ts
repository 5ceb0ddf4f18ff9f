import { createECDH, createPublicKey, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import ece from "http_ece";

/**
 * A local push service (the part of FCM / Mozilla autopush / Apple's that receives our pushes), on
 * 127.0.0.1 and a random port. It speaks the Web Push protocol (RFC 8030): `POST /push/{id}` with `TTL`,
 * `Urgency`, `Content-Encoding: aes128gcm`, answered `201 Created` with a `Location`; `410 Gone` for a
 * subscription marked gone. It checks the VAPID header (RFC 8292: `Authorization: vapid t=<JWT>, k=<key>`,
 * an ES256 JWT signed by `k`, `aud` this origin, `exp` within 24 hours, `sub` mailto:/https:) and, like
 * the browser would, decrypts the payload (RFC 8291) with the subscription's private key.
 */
export interface FakePushService {
  url: string;
  /** A new browser subscription on this service: `PushSubscription.toJSON()`'s shape. */
  subscription(): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Pushes received and accepted, in order, decrypted. */
  received: Array<{
    endpoint: string;
    ttl: string | undefined;
    urgency: string | undefined;
    vapidSub: string;
    payload: unknown;
  }>;
  /** Requests refused (bad VAPID, unknown subscription), with the reason. */
  refused: Array<{ endpoint: string; status: number; reason: string }>;
  /** The subscription unsubscribed in the browser: later pushes get 410. */
  gone(endpoint: string): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function verifyVapid(
  authorization: string | undefined,
  origin: string,
): { ok: true; sub: string } | { ok: false; reason: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!m) return { ok: false, reason: "no vapid authorization" };
  const [, jwt, k] = m as unknown as [string, string, string];
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const raw = Buffer.from(k, "base64url");
  if (raw.length !== 65 || raw[0] !== 4) return { ok: false, reason: "k is not a P-256 point" };
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const good = verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url"),
  );
  if (!good) return { ok: false, reason: "bad signature" };
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  const now = Date.now() / 1000;
  if (header.alg !== "ES256") return { ok: false, reason: "alg" };
  if (claims.aud !== origin) return { ok: false, reason: `aud ${claims.aud}` };
  if (!claims.exp || claims.exp < now || claims.exp > now + 24 * 3600 + 60)
    return { ok: false, reason: "exp" };
  if (!claims.sub || !/^(mailto:|https:)/.test(claims.sub)) return { ok: false, reason: "sub" };
  return { ok: true, sub: claims.sub };
}

export async function startFakePushService(): Promise<FakePushService> {
  const keys = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const goneSet = new Set<string>();
  const received: FakePushService["received"] = [];
  const refused: FakePushService["refused"] = [];
  let origin = "";
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const endpoint = `${origin}${req.url}`;
    const refuse = (status: number, reason: string) => {
      refused.push({ endpoint, status, reason });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ reason }));
    };
    if (req.method !== "POST" || !req.url?.startsWith("/push/")) return refuse(404, "not found");
    const sub = keys.get(endpoint);
    if (!sub) return refuse(404, "unknown subscription");
    if (goneSet.has(endpoint)) return refuse(410, "unsubscribed");
    const vapid = verifyVapid(req.headers.authorization, origin);
    if (!vapid.ok) return refuse(403, vapid.reason);
    if (req.headers["content-encoding"] !== "aes128gcm") return refuse(400, "content-encoding");
    let payload: unknown;
    try {
      const clear = ece.decrypt(body, { version: "aes128gcm", privateKey: sub.ecdh, authSecret: sub.auth });
      payload = JSON.parse(clear.toString("utf8"));
    } catch (e) {
      return refuse(400, `undecryptable: ${String(e)}`);
    }
    received.push({
      endpoint,
      ttl: req.headers.ttl as string | undefined,
      urgency: req.headers.urgency as string | undefined,
      vapidSub: vapid.sub,
      payload,
    });
    res.writeHead(201, { location: `${origin}/message/${randomUUID()}` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    received,
    refused,
    subscription() {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/${randomUUID()}`;
      keys.set(endpoint, { ecdh, auth });
      return {
        endpoint,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
      };
    },
    gone(endpoint) {
      goneSet.add(endpoint);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
