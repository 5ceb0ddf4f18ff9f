import { describe, expect, it } from "vitest";
import { consentView } from "@/components/customers/detail/format";
import { formatDateTime } from "@/server/domain/format";

const inZone = (timeZone: string) => (instant: Date | string) => formatDateTime(instant, timeZone);

const at = new Date("2025-12-10T00:00:00.000Z");

describe("a customer's consent on the customer page", () => {
  it("shows imported consent that was granted as granted, with its time and source", () => {
    const view = consentView("Email", { granted: true, at, source: "import" }, inZone("Asia/Kolkata"));
    expect(view.state).toBe("granted");
    expect(view.text).toBe("Email consent");
    expect(view.title).toMatch(/^Email consent given on .*2025.*, from an import$/);
  });

  it("shows a refusal as refused, whatever its source", () => {
    expect(consentView("SMS", { granted: false, at, source: "import" }, inZone("UTC"))).toMatchObject({
      state: "refused",
      text: "No SMS consent",
    });
    expect(consentView("SMS", { granted: false, at: null, source: "shop form" }, inZone("UTC")).title).toBe(
      "SMS consent refused (shop form)",
    );
  });

  it("says a consent time without a yes/no is not recorded consent", () => {
    const view = consentView("WhatsApp", { granted: null, at, source: "import" }, inZone("UTC"));
    expect(view.state).toBe("unknown");
    expect(view.text).toBe("WhatsApp consent not recorded");
    expect(view.title).toContain("not whether WhatsApp consent was given");
  });

  it("shows nothing stored as unknown", () => {
    expect(consentView("Email", { granted: null, at: null, source: null }, inZone("UTC"))).toEqual({
      state: "unknown",
      text: "Email consent unknown",
      title: "Email consent not known",
    });
  });
});
