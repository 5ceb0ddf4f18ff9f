import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openToken, signToken } from "@/server/crypto/signed-token";
import {
  readUnsubscribeToken,
  unsubscribeHeaders,
  unsubscribeToken,
  unsubscribeUrl,
} from "@/server/messaging/unsubscribe";
import { maskAddress } from "@/server/services/unsubscribe";

/** Flips one character of a base64url token (never to itself). */
function tamper(token: string, at: number): string {
  const c = token[at]!;
  return token.slice(0, at) + (c === "A" ? "B" : "A") + token.slice(at + 1);
}

describe("unsubscribe tokens", () => {
  it("round-trips a campaign recipient in a short, URL-safe token", () => {
    const token = unsubscribeToken({ recipientId: 123_456_789 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(35);
    expect(readUnsubscribeToken(token)).toEqual({ kind: "recipient", recipientId: 123_456_789 });
  });

  it("round-trips a customer, with and without a campaign, on the channel given (email by default)", () => {
    const businessId = randomUUID();
    const customerId = randomUUID();
    const campaignId = randomUUID();
    expect(readUnsubscribeToken(unsubscribeToken({ businessId, customerId }))).toEqual({
      kind: "customer",
      businessId,
      customerId,
      channel: "email",
      campaignId: null,
    });
    expect(
      readUnsubscribeToken(unsubscribeToken({ businessId, customerId, channel: "whatsapp", campaignId })),
    ).toEqual({ kind: "customer", businessId, customerId, channel: "whatsapp", campaignId });
  });

  it("refuses a token with any character changed, cut short, or made longer", () => {
    const token = unsubscribeToken({ businessId: randomUUID(), customerId: randomUUID() });
    for (const at of [0, 5, 20, token.length - 10, token.length - 2]) {
      expect(readUnsubscribeToken(tamper(token, at)), `changed at ${at}`).toBeNull();
    }
    expect(readUnsubscribeToken(token.slice(0, -4))).toBeNull();
    expect(readUnsubscribeToken(`${token}AAAA`)).toBeNull();
    expect(readUnsubscribeToken("")).toBeNull();
    expect(readUnsubscribeToken("not a token!")).toBeNull();
  });

  it("refuses a recipient token whose id was swapped for another", () => {
    const token = unsubscribeToken({ recipientId: 41 });
    const payload = Buffer.from(token, "base64url");
    payload.writeBigUInt64BE(42n, 2);
    expect(readUnsubscribeToken(payload.toString("base64url"))).toBeNull();
  });

  it("refuses a token signed for another purpose, or with another secret", () => {
    const payload = Buffer.from(unsubscribeToken({ recipientId: 7 }), "base64url").subarray(0, 10);
    expect(readUnsubscribeToken(signToken("unsubscribe", payload))).toEqual({
      kind: "recipient",
      recipientId: 7,
    });
    expect(readUnsubscribeToken(signToken("password-reset", payload))).toBeNull();
    expect(readUnsubscribeToken(signToken("unsubscribe", payload, "another secret"))).toBeNull();
    expect(openToken("password-reset", signToken("unsubscribe", payload))).toBeNull();
  });

  it("refuses a well-signed payload of an unknown version or layout", () => {
    const v2 = Buffer.from([2, 1, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect(readUnsubscribeToken(signToken("unsubscribe", v2))).toBeNull();
    const zeroId = Buffer.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(readUnsubscribeToken(signToken("unsubscribe", zeroId))).toBeNull();
    expect(readUnsubscribeToken(signToken("unsubscribe", Buffer.from([1, 2, 3])))).toBeNull();
  });

  it("rejects ids it cannot encode", () => {
    expect(() => unsubscribeToken({ recipientId: 0 })).toThrow(TypeError);
    expect(() => unsubscribeToken({ recipientId: 1.5 })).toThrow(TypeError);
    expect(() => unsubscribeToken({ businessId: "nope", customerId: randomUUID() })).toThrow(TypeError);
  });
});

describe("unsubscribe links and headers", () => {
  it("builds {APP_URL}/u/{token}", () => {
    const url = unsubscribeUrl({ recipientId: 9 }, "https://crm.example.com/");
    expect(url).toBe(`https://crm.example.com/u/${unsubscribeToken({ recipientId: 9 })}`);
    expect(unsubscribeUrl({ recipientId: 9 })).toMatch(/^http:\/\/localhost:3000\/u\/[A-Za-z0-9_-]{35}$/);
  });

  it("gives the RFC 2369 and RFC 8058 headers", () => {
    const url = "https://crm.example.com/u/abc";
    expect(unsubscribeHeaders(url)).toEqual({
      "List-Unsubscribe": "<https://crm.example.com/u/abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("masks the address shown on the page", () => {
    expect(maskAddress("asha@example.com")).toBe("as•••@example.com");
    expect(maskAddress("a@x.in")).toBe("a•••@x.in");
    expect(maskAddress("+919876543210")).toBe("•••210");
    expect(maskAddress(null)).toBeNull();
  });
});
