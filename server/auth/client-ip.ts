import proxyaddr from "proxy-addr";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";

type Trust = (addr: string, hop: number) => boolean;

let cached: { source: string; trust: Trust | null } | null = null;

/**
 * Which forwarding hops to believe, from `TRUSTED_PROXIES` (comma-separated IPs or CIDRs, or the names
 * proxy-addr knows: `loopback`, `linklocal`, `uniquelocal`) or `TRUSTED_PROXY_HOPS` (a number of proxies
 * in front of the app). Null: no proxy is trusted, forwarding headers are ignored.
 */
function trust(): Trust | null {
  const proxies = process.env.TRUSTED_PROXIES?.trim() ?? "";
  const hops = process.env.TRUSTED_PROXY_HOPS?.trim() ?? "";
  const source = `${proxies}|${hops}`;
  if (cached?.source === source) return cached.trust;
  let fn: Trust | null = null;
  if (proxies)
    fn = proxyaddr.compile(
      proxies
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    );
  else if (/^\d+$/.test(hops) && Number(hops) > 0) {
    const n = Number(hops);
    fn = (_addr, hop) => hop < n;
  }
  cached = { source, trust: fn };
  return fn;
}

/**
 * The client's IP address: the TCP peer, or, when the peer is a trusted proxy, the address it forwarded
 * (`X-Forwarded-For`, walked from the right over trusted hops only, as Express's `trust proxy` does via
 * proxy-addr). A client's own `X-Forwarded-For` is never believed. Null when the peer is unknown (scripts,
 * tests without a server).
 */
export function clientIp(headers: Headers | undefined | null): string | null {
  if (!headers) return null;
  const peer = headers.get(PEER_ADDRESS_HEADER);
  if (!peer) return null;
  const fn = trust();
  if (!fn) return peer;
  const forwarded = headers.get("x-forwarded-for");
  const req = {
    headers: forwarded ? { "x-forwarded-for": forwarded } : {},
    connection: { remoteAddress: peer },
    socket: { remoteAddress: peer },
  };
  return proxyaddr(req as unknown as Parameters<typeof proxyaddr>[0], fn);
}
