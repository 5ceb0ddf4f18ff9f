import { networkInterfaces } from "node:os";

/**
 * The app's public URL when `APP_URL` is not set: this machine on the port the server listens on
 * (`PORT`, as `next start -p` and `next dev -p` set it; default 3000), so links in emails work for a
 * newcomer on another port. Production should set `APP_URL` (the server warns at start when it is not).
 */
export function defaultAppUrl(port: string | undefined = process.env.PORT): string {
  const n = Number(port);
  return `http://localhost:${Number.isInteger(n) && n > 0 && n < 65536 ? n : 3000}`;
}

/**
 * This machine's IPv4 LAN addresses, plus 127.0.0.1: the hosts the development server answers on, so
 * Next's `allowedDevOrigins` lets a phone on the same network use the app.
 */
export function devOrigins(): string[] {
  const out = new Set(["127.0.0.1"]);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) out.add(a.address);
  return [...out];
}

/**
 * The public URL to show for a request: `APP_URL` when it is set, else the origin the request came to
 * (scheme, host and port as the browser used them), so the API reference and examples name the address
 * the reader actually uses. No trailing slash.
 */
export function publicUrlOf(req: Request): string {
  const configured = process.env.APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(req.url).origin;
}
