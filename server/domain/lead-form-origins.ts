/**
 * Which web pages may use a lead form: the form's `allowedDomains` (server/domain/lead-forms.ts) read as
 * host patterns. `example.com` allows that host and its subdomains (`www.example.com`), `*.example.com`
 * only the subdomains, and a pattern with a port (`localhost:8080`) only that port; without one, any port.
 * Used for CORS on the public endpoints and for `frame-ancestors` of the embeddable pages. Pure.
 */

/** Splits `host[:port]` into its parts (lower case). */
function hostAndPort(value: string): { host: string; port: string | null } {
  const i = value.lastIndexOf(":");
  if (i > 0 && /^\d+$/.test(value.slice(i + 1))) return { host: value.slice(0, i), port: value.slice(i + 1) };
  return { host: value, port: null };
}

/**
 * Whether a browser's `Origin` (`https://www.example.com`, `http://localhost:8080`) matches one of the
 * patterns. `null` origins, other schemes than http(s) and malformed values never match.
 */
export function originAllowed(origin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!origin || origin === "null") return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowed.some((raw) => {
    const pattern = hostAndPort(raw.trim().toLowerCase());
    if (pattern.port && pattern.port !== port) return false;
    if (pattern.host.startsWith("*.")) return host.endsWith(pattern.host.slice(1));
    return host === pattern.host || host.endsWith(`.${pattern.host}`);
  });
}

/**
 * The `frame-ancestors` sources (CSP Level 3) for the patterns, matching `originAllowed`: per entry the
 * host and (unless it is `localhost`, an IP address or already a wildcard) its subdomains, over https
 * and http, on the entry's port or any port (`:*`). Always `'self'` (the hosted page's own thank-you
 * page); an empty list gives `'self'` only.
 */
export function frameAncestorSources(allowed: readonly string[]): string {
  const sources = new Set<string>(["'self'"]);
  for (const raw of allowed) {
    const entry = raw.trim().toLowerCase();
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/.test(entry)) continue;
    const { host, port } = hostAndPort(entry);
    const local = host === "localhost" || /^\d+(\.\d+){3}$/.test(host);
    const withPort = (h: string) => `${h}:${port ?? "*"}`;
    for (const scheme of ["https", "http"]) {
      sources.add(`${scheme}://${withPort(host)}`);
      if (!host.startsWith("*.") && !local) sources.add(`${scheme}://${withPort(`*.${host}`)}`);
    }
  }
  return [...sources].join(" ");
}
