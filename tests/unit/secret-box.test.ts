import { describe, expect, it } from "vitest";
import { maskSecret, openSecret, sealSecret, tokenHash } from "@/server/crypto/secret-box";

describe("secret box (AES-256-GCM)", () => {
  it("round-trips a secret and never stores it readable", () => {
    const sealed = sealSecret("re_live_1234567890abcdef");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("re_live");
    expect(openSecret(sealed)).toBe("re_live_1234567890abcdef");
    expect(sealSecret("same")).not.toBe(sealSecret("same"));
  });

  it("refuses an altered ciphertext without echoing it", () => {
    const sealed = sealSecret("EAAGm0PX4ZCpsBA");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => openSecret(parts.join("."))).toThrow(/could not be decrypted/);
    expect(() => openSecret("plain-text")).toThrow(/not in a format/);
  });

  it("masks and hashes", () => {
    expect(maskSecret("re_1234567890abcd")).toBe("••••abcd");
    expect(maskSecret("short")).toBe("••••");
    expect(tokenHash("verify-me")).toMatch(/^[0-9a-f]{64}$/);
  });
});
