import { describe, expect, it } from "vitest";
import {
  sendWhatsappMessageInput,
  serviceWindow,
  windowRemainingText,
} from "@/server/domain/whatsapp-messages";

describe("the 24-hour customer service window", () => {
  const now = new Date("2026-11-21T12:00:00Z");

  it("is open until 24 hours after the last inbound message, then closed since then", () => {
    expect(serviceWindow(new Date("2026-11-20T12:00:01Z"), now)).toEqual({
      open: true,
      closesAt: new Date("2026-11-21T12:00:01Z"),
      lastInboundAt: new Date("2026-11-20T12:00:01Z"),
    });
    expect(serviceWindow(new Date("2026-11-20T12:00:00Z"), now)).toEqual({
      open: false,
      closedAt: new Date("2026-11-21T12:00:00Z"),
      lastInboundAt: new Date("2026-11-20T12:00:00Z"),
    });
    expect(serviceWindow(null, now)).toEqual({ open: false, closedAt: null, lastInboundAt: null });
  });

  it("says the time left in hours and minutes", () => {
    expect(windowRemainingText((13 * 60 + 20) * 60_000 + 59_000)).toBe("13 h 20 min");
    expect(windowRemainingText(2 * 3_600_000)).toBe("2 h");
    expect(windowRemainingText(45 * 60_000)).toBe("45 min");
    expect(windowRemainingText(30_000)).toBe("under a minute");
    expect(windowRemainingText(-5)).toBe("under a minute");
  });
});

describe("the send input", () => {
  const customerId = "7d9f3c1e-8a2b-4c5d-9e6f-0a1b2c3d4e5f";
  const errorsOf = (input: unknown) => {
    const r = sendWhatsappMessageInput.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("takes text or a template with variables", () => {
    expect(errorsOf({ customerId, text: "Hi" })).toEqual({});
    expect(errorsOf({ customerId, templateId: customerId, variables: { "body.1": "Asha" } })).toEqual({});
  });

  it("names the field at fault", () => {
    expect(errorsOf({ customerId })).toEqual({ text: "Write a message or choose a template." });
    expect(errorsOf({ customerId, text: " \n " })).toEqual({ text: "Write a message." });
    expect(errorsOf({ customerId, text: "x".repeat(4097) })).toEqual({
      text: "WhatsApp takes at most 4096 characters.",
    });
    expect(errorsOf({ customerId, text: "Hi", variables: { "body.1": "x" } })).toEqual({
      variables: "Variables go with a template.",
    });
    expect(errorsOf({ customerId, templateId: customerId, variables: { nope: "x" } })).toHaveProperty(
      "variables.nope",
    );
  });
});
