import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "@/server/http/security-headers";

/**
 * Runs before every page: a fresh CSP nonce per request, passed to the render in the request's
 * `x-nonce` and `Content-Security-Policy` headers (Next.js puts it on its own scripts) and sent to the
 * browser in the response's CSP.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
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
