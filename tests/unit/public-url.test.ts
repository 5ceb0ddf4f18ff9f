import { describe, expect, it } from "vitest";
import { defaultAppUrl, devOrigins } from "@/server/public-url";

describe("public URL", () => {
  it("follows the port the server runs on when APP_URL is unset", () => {
    expect(defaultAppUrl("3100")).toBe("http://localhost:3100");
    expect(defaultAppUrl(undefined)).toBe("http://localhost:3000");
    expect(defaultAppUrl("not a port")).toBe("http://localhost:3000");
  });

  it("lets the development server answer on 127.0.0.1 and the LAN addresses", () => {
    const origins = devOrigins();
    expect(origins).toContain("127.0.0.1");
    expect(origins.every((o) => /^\d+\.\d+\.\d+\.\d+$/.test(o))).toBe(true);
  });
});
