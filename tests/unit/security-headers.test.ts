import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { proxy } from "@/proxy";

describe("security headers", () => {
  it("pages get a nonce-based CSP with no inline scripts, no framing, a fresh nonce per request", () => {
    const a = proxy(new NextRequest("http://localhost/b/shop/customers"));
    const b = proxy(new NextRequest("http://localhost/b/shop/customers"));
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("every response gets nosniff, a referrer policy, a permissions policy and no framing", async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source.startsWith("/:path"))!;
    const names = Object.fromEntries(all.headers.map((h) => [h.key, h.value]));
    expect(names).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(names["Permissions-Policy"]).toContain("camera=()");
  });
});
