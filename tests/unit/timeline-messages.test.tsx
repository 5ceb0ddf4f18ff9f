import { createElement, Fragment, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { consentChangeText, consentSourceText } from "@/components/customers/detail/consent-words";
import type { DescribeContext } from "@/components/customers/detail/format";
import { describeEntry } from "@/components/customers/detail/timeline";

const ctx: DescribeContext = {
  dates: { dateTime: (d) => String(d), date: (d) => String(d) } as DescribeContext["dates"],
  formatPhone: (p) => p,
  customFieldLabels: new Map(),
  memberNames: new Map(),
};

function words(type: string, data: Record<string, unknown>) {
  const { text, detail } = describeEntry(
    { id: "1", type: type as never, data, actorName: null, createdAt: new Date() },
    ctx,
  );
  const html = renderToStaticMarkup(createElement(Fragment, null, text as ReactNode));
  return {
    text: html
      .replace(/<[^>]+>/g, "")
      .replaceAll("&#x27;", "'")
      .replaceAll("&amp;", "&"),
    detail,
  };
}

describe("timeline entries about messages and consent", () => {
  it("describes a sent campaign message with its subject and status", () => {
    expect(
      words("message_sent", {
        channel: "email",
        campaignId: "c1",
        campaignName: "Diwali offer",
        subject: "20% off this week",
        status: "delivered",
      }),
    ).toEqual({
      text: "Email sent from the campaign Diwali offer",
      detail: "20% off this week · Status: delivered",
    });
    expect(words("message_sent", { channel: "whatsapp" })).toEqual({
      text: "WhatsApp message sent",
      detail: undefined,
    });
  });

  it("describes a WhatsApp message sent from the customer's page: text, template, status, failure", () => {
    expect(
      words("message_sent", {
        channel: "whatsapp",
        whatsappMessageId: "m1",
        text: "See you at 11",
        status: "read",
      }),
    ).toEqual({ text: "WhatsApp message sent", detail: "See you at 11 · Status: read" });
    expect(
      words("message_sent", {
        channel: "whatsapp",
        templateName: "appointment_reminder",
        text: "Hi Asha, your appointment is on Friday.",
        status: "sent",
      }),
    ).toEqual({
      text: "WhatsApp template appointment_reminder sent",
      detail: "Hi Asha, your appointment is on Friday. · Status: sent",
    });
    expect(
      words("message_sent", {
        channel: "whatsapp",
        text: "Hello?",
        status: "failed",
        error: "WhatsApp could not deliver the message.",
      }),
    ).toEqual({
      text: "WhatsApp message failed",
      detail: "Hello? · Not delivered: WhatsApp could not deliver the message.",
    });
  });

  it("describes a received message with its text", () => {
    expect(words("message_received", { channel: "whatsapp", text: "STOP" })).toEqual({
      text: "WhatsApp message received",
      detail: "STOP",
    });
  });

  it("describes consent changes with where they came from", () => {
    expect(
      words("consent_changed", {
        channel: "email",
        granted: false,
        source: "one_click_unsubscribe",
        campaignId: "c1",
      }),
    ).toEqual({
      text: "Unsubscribed from emails with their mail app's Unsubscribe button",
      detail: "From a campaign",
    });
    expect(words("consent_changed", { channel: "whatsapp", granted: true, source: "lead_form" }).text).toBe(
      "Subscribed to WhatsApp messages on a lead form",
    );
    expect(consentSourceText("email_complaint")).toBe("by marking an email as spam");
    expect(consentSourceText("something_new")).toBe("(something new)");
    expect(consentChangeText("sms", false)).toBe("Unsubscribed from text messages");
  });
});
