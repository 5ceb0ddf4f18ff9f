import { describe, expect, it } from "vitest";
import {
  audienceSummary,
  funnelSteps,
  hasReport,
  hourLabel,
  markdownFromBlocks,
  sendProgress,
  utcToZoned,
  zonedToUtc,
  zoneLabel,
} from "@/components/campaigns/campaign-display";
import {
  buildCampaignInput,
  emptyFormState,
  formErrorsFrom,
  formFieldOf,
  formStateFromCampaign,
} from "@/components/campaigns/campaign-form-state";
import type { CampaignStats } from "@/server/domain/campaigns";

const stats = (over: Partial<CampaignStats> = {}): CampaignStats => ({
  status: "sending",
  targeted: 0,
  excluded: 0,
  queued: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  read: 0,
  clicked: 0,
  failed: 0,
  bounced: 0,
  complained: 0,
  unsubscribed: 0,
  ...over,
});

describe("schedule times in the business's zone", () => {
  it("10:00 in Kolkata is 04:30 UTC, whatever the machine's zone", () => {
    expect(zonedToUtc("2026-12-24", "10:00", "Asia/Kolkata")?.toISOString()).toBe("2026-12-24T04:30:00.000Z");
    expect(zonedToUtc("2026-12-24", "10:00", "UTC")?.toISOString()).toBe("2026-12-24T10:00:00.000Z");
  });

  it("follows daylight saving: New York is UTC-5 in winter and UTC-4 in summer", () => {
    expect(zonedToUtc("2026-01-15", "10:00", "America/New_York")?.toISOString()).toBe(
      "2026-01-15T15:00:00.000Z",
    );
    expect(zonedToUtc("2026-07-15", "10:00", "America/New_York")?.toISOString()).toBe(
      "2026-07-15T14:00:00.000Z",
    );
  });

  it("refuses malformed or impossible days and times", () => {
    expect(zonedToUtc("", "10:00", "Asia/Kolkata")).toBeNull();
    expect(zonedToUtc("2026-12-24", "", "Asia/Kolkata")).toBeNull();
    expect(zonedToUtc("2026-02-31", "10:00", "Asia/Kolkata")).toBeNull();
    expect(zonedToUtc("2026-13-01", "10:00", "Asia/Kolkata")).toBeNull();
    expect(zonedToUtc("2026-12-24", "24:00", "Asia/Kolkata")).toBeNull();
  });

  it("shows an instant back as the day and time in the zone", () => {
    expect(utcToZoned(new Date("2026-12-24T04:30:00Z"), "Asia/Kolkata")).toEqual({
      day: "2026-12-24",
      time: "10:00",
    });
    // Late evening UTC is the next day in Kolkata.
    expect(utcToZoned("2026-12-31T20:00:00Z", "Asia/Kolkata")).toEqual({ day: "2027-01-01", time: "01:30" });
  });

  it("names the zone with its offset, and labels chart hours in it", () => {
    expect(zoneLabel("Asia/Kolkata", new Date("2026-12-24T00:00:00Z"))).toBe("Asia/Kolkata (GMT+5:30)");
    expect(hourLabel(new Date("2026-12-24T04:00:00Z"), "Asia/Kolkata")).toBe("24 Dec, 09:30");
  });
});

describe("the report", () => {
  it("builds the funnel with shares of the targeted recipients, opens and reads as one step", () => {
    const steps = funnelSteps(
      stats({ targeted: 8, sent: 6, delivered: 5, opened: 2, read: 1, clicked: 1, failed: 2, bounced: 1 }),
      "whatsapp_email_fallback",
    );
    expect(steps.map((s) => [s.label, s.value, s.percent])).toEqual([
      ["Targeted", 8, 100],
      ["Sent", 6, 75],
      ["Delivered", 5, 62.5],
      ["Opened or read", 3, 37.5],
      ["Clicked", 1, 12.5],
      ["Failed", 2, 25],
      ["Bounced", 1, 12.5],
      ["Marked as spam", 0, 0],
      ["Unsubscribed", 0, 0],
    ]);
    expect(steps.filter((s) => s.problem).map((s) => s.key)).toEqual([
      "failed",
      "bounced",
      "complained",
      "unsubscribed",
    ]);
    expect(funnelSteps(stats(), "email")[3]).toMatchObject({ label: "Opened", percent: null });
    expect(funnelSteps(stats(), "whatsapp")[3]?.label).toBe("Read");
  });

  it("measures sending progress as targeted less those still queued", () => {
    expect(sendProgress({ targeted: 0, queued: 0 })).toEqual({ done: 0, total: null, percent: null });
    expect(sendProgress({ targeted: 3, queued: 2 })).toEqual({ done: 1, total: 3, percent: 33 });
    expect(sendProgress({ targeted: 3, queued: 0 })).toEqual({ done: 3, total: 3, percent: 100 });
  });

  it("has a report once sending started", () => {
    expect(hasReport("draft", null)).toBe(false);
    expect(hasReport("scheduled", null)).toBe(false);
    expect(hasReport("sending", new Date())).toBe(true);
    expect(hasReport("completed", new Date())).toBe(true);
    expect(hasReport("cancelled", null)).toBe(false);
    expect(hasReport("cancelled", new Date())).toBe(true);
  });

  it("says who the audience is in a line", () => {
    const names = new Map([["s1", "VIPs"]]);
    expect(audienceSummary({ type: "segment", segmentId: "s1" }, names)).toBe("Segment: VIPs");
    expect(audienceSummary({ type: "segment", segmentId: "gone" }, names)).toBe("Segment: a saved segment");
    expect(audienceSummary({ type: "tags", tags: ["vip", "gold"] }, names)).toBe("Tagged vip or gold");
    expect(audienceSummary({ type: "everyone" }, names)).toBe("Everyone reachable");
    expect(audienceSummary({ type: "rules", rules: { match: "all", conditions: [{}, {}] } }, names)).toBe(
      "Rules (2 conditions)",
    );
    expect(audienceSummary(null, names)).toBe("Unknown audience");
  });
});

describe("the campaign form", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const opts = { timeZone: "Asia/Kolkata", now };

  it("builds an email campaign to a tag with a Markdown body, scheduled at 10:00 in the zone", () => {
    const built = buildCampaignInput(
      {
        ...emptyFormState(),
        name: " Birthday ",
        audienceType: "tags",
        tags: ["vip"],
        subject: "Happy birthday",
        preheader: "A gift inside",
        body: "Hi **there**",
        bodyEdited: true,
        when: "later",
        day: "2026-12-24",
        time: "10:00",
      },
      opts,
    );
    expect(built).toEqual({
      input: {
        name: "Birthday",
        channel: "email",
        audience: { type: "tags", tags: ["vip"] },
        subject: "Happy birthday",
        body: "Hi **there**",
        scheduledAt: new Date("2026-12-24T04:30:00Z"),
      },
      preheader: "A gift inside",
    });
  });

  it("refuses at their fields: no name, no segment, half an email, a time in the past", () => {
    const built = buildCampaignInput(
      { ...emptyFormState(), subject: "Hello", when: "later", day: "2026-11-30", time: "10:00" },
      opts,
    );
    expect(built).toEqual({
      errors: {
        name: "Name the campaign.",
        segmentId: "Pick a segment.",
        body: "Write the email's body.",
        schedule: "Pick a time in the future.",
      },
    });
    expect(buildCampaignInput({ ...emptyFormState(), name: "x", audienceType: "tags" }, opts)).toEqual({
      errors: { tags: "Add at least one tag." },
    });
  });

  it("keeps a saved email's blocks when only the subject changed, and WhatsApp takes its template", () => {
    const saved = {
      id: "c1",
      name: "Diwali",
      channel: "whatsapp_email_fallback" as const,
      audience: { type: "segment", segmentId: "s1" },
      email: {
        subject: "Old",
        preheader: "",
        blocks: [
          { type: "heading" as const, text: "Sale", level: 2 as const },
          { type: "button" as const, label: "Shop", url: "https://example.com" },
        ],
      },
      whatsapp: { templateId: "t1" },
      scheduledAt: "2026-12-24T04:30:00.000Z",
    };
    const state = formStateFromCampaign(saved, "Asia/Kolkata");
    expect(state).toMatchObject({
      audienceType: "segment",
      segmentId: "s1",
      body: "## Sale\n\n[Shop](https://example.com)",
      whatsappTemplateId: "t1",
      when: "later",
      day: "2026-12-24",
      time: "10:00",
    });
    const built = buildCampaignInput({ ...state, subject: "New" }, { ...opts, original: saved.email });
    expect(built).toMatchObject({
      input: {
        email: { subject: "New", preheader: "", blocks: saved.email.blocks },
        whatsapp: { templateId: "t1" },
        audience: { type: "segment", segmentId: "s1" },
      },
      preheader: null,
    });
    expect("subject" in (built as { input: object }).input).toBe(false);
  });

  it("brings the server's field errors back to the form's fields", () => {
    expect(formFieldOf("audience.tags[0]")).toBe("tags");
    expect(formFieldOf("audience.segmentId")).toBe("segmentId");
    expect(formFieldOf("audience.rules.conditions[0].op")).toBe("audience");
    expect(formFieldOf("email.blocks[1].text")).toBe("body");
    expect(formFieldOf("whatsapp.templateId")).toBe("whatsappTemplateId");
    expect(formFieldOf("scheduledAt")).toBe("schedule");
    expect(formErrorsFrom({ name: "Taken.", cursor: "Invalid cursor." })).toEqual({
      fields: { name: "Taken." },
      other: ["Invalid cursor."],
    });
  });

  it("writes blocks as Markdown without the footer", () => {
    expect(
      markdownFromBlocks([
        { type: "text", text: "Hi" },
        { type: "divider" },
        { type: "image", url: "https://x.test/a.png", alt: "A" },
        { type: "footer", text: "" },
      ]),
    ).toBe("Hi\n\n---\n\n![A](https://x.test/a.png)");
  });
});
