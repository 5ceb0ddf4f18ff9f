/**
 * Security headers. Pages get a Content-Security-Policy with a fresh nonce per request (set by proxy.ts):
 * scripts only from this origin or carrying the nonce (no `unsafe-inline` scripts; `strict-dynamic` lets
 * the nonced Next.js loader load its chunks), no plugins, no framing (`frame-ancestors 'none'`; a route
 * that must be embeddable sets its own). Every response (pages and API) also carries the headers of
 * `staticSecurityHeaders`. Sources: OWASP Secure Headers Project, MDN CSP reference.
 */

/** The CSP of a page rendered with `nonce`. Development adds what React's dev tooling needs. */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (Radix positions popovers with them); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    // Google sign-in continues to Google after the form posts.
    "form-action 'self' https://accounts.google.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response. HSTS only in production (it would pin a development host to HTTPS). */
export function staticSecurityHeaders(production = process.env.NODE_ENV === "production") {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    },
    { key: "X-Frame-Options", value: "DENY" },
    ...(production
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}
