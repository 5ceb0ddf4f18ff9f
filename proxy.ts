import { type NextRequest, NextResponse } from "next/server";
import { LAST_BUSINESS_COOKIE } from "@/server/http/last-business";
import {
  contentSecurityPolicy,
  INVOICE_PAGE_PATH,
  LEAD_FORM_PAGE_PATH,
} from "@/server/http/security-headers";

/** A business's pages: `/b/{slug}` and below. */
const BUSINESS_PAGE = /^\/b\/([a-z0-9][a-z0-9-]{0,62})(?:\/|$)/;

/** `/u/{token}`: an unsubscribe link (server/messaging/unsubscribe.ts). */
const UNSUBSCRIBE_PATH = /^\/u\/([A-Za-z0-9_-]+)\/?$/;

/**
 * Runs before every page: a fresh CSP nonce per request, passed to the render in the request's
 * `x-nonce` and `Content-Security-Policy` headers (Next.js puts it on its own scripts) and sent to the
 * browser in the response's CSP.
 * The public lead form pages (`/f/{id}`, its `/embed` and `/thanks`) are route handlers with their own
 * CSP and are passed through.
 * One exception: a POST to an unsubscribe link `/u/{token}` (a mail client's RFC 8058 one-click POST,
 * or the unsubscribe page's form) is rewritten to the route handler `/api/unsubscribe/{token}`, because
 * Next.js cannot have the page (GET) and a route handler (POST) in the same folder. The URL in the email
 * stays one URL for both.
 */
export function proxy(request: NextRequest) {
  const unsubscribe = request.method === "POST" ? UNSUBSCRIBE_PATH.exec(request.nextUrl.pathname) : null;
  if (unsubscribe) {
    const target = request.nextUrl.clone();
    target.pathname = `/api/unsubscribe/${unsubscribe[1]}`;
    return NextResponse.rewrite(target);
  }
  // The public lead form pages write their own CSP (the iframe's frame-ancestors from the form).
  if (LEAD_FORM_PAGE_PATH.test(request.nextUrl.pathname)) return NextResponse.next();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, undefined, {
    payments: INVOICE_PAGE_PATH.test(request.nextUrl.pathname),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  // The business a member opens is where the installed app starts next time (`/b` reads it).
  const business = BUSINESS_PAGE.exec(request.nextUrl.pathname)?.[1];
  if (business && business !== "new" && request.method === "GET")
    response.cookies.set(LAST_BUSINESS_COOKIE, business, {
      path: "/",
      sameSite: "lax",
      httpOnly: true,
      secure: request.nextUrl.protocol === "https:",
      maxAge: 60 * 60 * 24 * 365,
    });
  return response;
}

export const config = {
  // Pages only: API answers are JSON or files, and static assets need no nonce.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
