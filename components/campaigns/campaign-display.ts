import { TZDate } from "@date-fns/tz";
import type { BadgeProps } from "@/components/ui/badge";
import type { CampaignChannel, CampaignStats, CampaignStatus } from "@/server/domain/campaigns";
import type { EmailBlock } from "@/server/domain/email-blocks";
import type { RecipientStatus } from "@/server/domain/recipient-status";

/*
 * What the campaign screens say about a campaign: labels, the audience in a line, the schedule in the
 * business's time zone, the report's funnel and the sending progress. Pure, so the same text is built on
 * the server and in the browser, and unit-tested (tests/unit/campaign-display.test.ts).
 */

/** A campaign status as the screens name it, and its badge's look. */
export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  paused: "Paused",
  completed: "Sent",
  cancelled: "Cancelled",
  failed: "Failed",
};

export const campaignStatusVariants: Record<CampaignStatus, NonNullable<BadgeProps["variant"]>> = {
  draft: "outline",
  scheduled: "secondary",
  sending: "warning",
  paused: "warning",
  completed: "success",
  cancelled: "outline",
  failed: "destructive",
};

/** The channels a campaign goes out on, with a line saying what each does. */
export const channelOptions: { value: CampaignChannel; label: string; description: string }[] = [
  { value: "email", label: "Email", description: "An email to each customer with an email address." },
  {
    value: "whatsapp",
    label: "WhatsApp",
    description: "An approved WhatsApp template to customers who opted in to WhatsApp.",
  },
  {
    value: "whatsapp_email_fallback",
    label: "WhatsApp, email as fallback",
    description: "WhatsApp where possible; an email to those WhatsApp cannot reach.",
  },
];

export const channelLabels = Object.fromEntries(channelOptions.map((c) => [c.value, c.label])) as Record<
  CampaignChannel,
  string
>;

/** Whether a campaign on `channel` sends email / WhatsApp messages. */
export const usesEmail = (channel: CampaignChannel) => channel !== "whatsapp";
export const usesWhatsapp = (channel: CampaignChannel) => channel !== "email";

/** A recipient status as the report names it. */
export const recipientStatusLabels: Record<RecipientStatus, string> = {
  excluded: "Excluded",
  held: "Waiting for the A/B winner",
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  opened: "Opened",
  read: "Read",
  clicked: "Clicked",
  failed: "Failed",
  bounced: "Bounced",
  complained: "Marked as spam",
  cancelled: "Cancelled",
};

/** A campaign's audience as stored (`campaigns.audience`). */
export type StoredAudience =
  | { type: "segment"; segmentId: string }
  | { type: "rules"; rules: { conditions?: unknown[] } }
  | { type: "tags"; tags: string[] }
  | { type: "everyone" };

/** The stored audience, or null when it is not one the screens know. */
export function parseAudience(value: unknown): StoredAudience | null {
  if (!value || typeof value !== "object") return null;
  const a = value as Record<string, unknown>;
  if (a.type === "segment" && typeof a.segmentId === "string")
    return { type: "segment", segmentId: a.segmentId };
  if (a.type === "tags" && Array.isArray(a.tags)) return { type: "tags", tags: a.tags.map(String) };
  if (a.type === "rules" && a.rules && typeof a.rules === "object") {
    return { type: "rules", rules: a.rules as { conditions?: unknown[] } };
  }
  if (a.type === "everyone") return { type: "everyone" };
  return null;
}

/**
 * The audience in a line: "Segment: VIPs", "Tagged vip or gold", "Everyone reachable", "Rules (3
 * conditions)". `segmentNames` maps segment ids to names; an unknown one reads "A saved segment".
 */
export function audienceSummary(audience: unknown, segmentNames: ReadonlyMap<string, string>): string {
  const a = parseAudience(audience);
  if (!a) return "Unknown audience";
  switch (a.type) {
    case "segment":
      return `Segment: ${segmentNames.get(a.segmentId) ?? "a saved segment"}`;
    case "tags":
      return `Tagged ${a.tags.join(" or ")}`;
    case "everyone":
      return "Everyone reachable";
    case "rules": {
      const n = a.rules.conditions?.length ?? 0;
      return `Rules (${n} condition${n === 1 ? "" : "s"})`;
    }
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant meant by a calendar `day` ("2026-12-24") and wall-clock `time` ("10:00") in `timeZone` (the
 * business's IANA zone, never the browser's). Output: a Date (UTC instant), or null for a malformed day
 * or time. A time skipped by a daylight-saving change moves forward by the gap (as @date-fns/tz does).
 */
export function zonedToUtc(day: string, time: string, timeZone: string): Date | null {
  const d = DAY.exec(day);
  const t = TIME.exec(time);
  if (!d || !t) return null;
  const [year, month, date, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || date < 1 || date > 31 || hour > 23 || minute > 59) return null;
  const zoned = new TZDate(year, month - 1, date, hour, minute, 0, 0, timeZone);
  // 31 Feb and the like roll over into the next month: refuse them.
  if (zoned.getDate() !== date || zoned.getMonth() !== month - 1) return null;
  const instant = new Date(zoned.getTime());
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** The calendar day ("2026-12-24") and time ("10:00") of `instant` in `timeZone`. */
export function utcToZoned(instant: Date | string, timeZone: string): { day: string; time: string } {
  const d = new TZDate(new Date(instant).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    day: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** The zone and its offset at `at`: "Asia/Kolkata (GMT+5:30)". */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  try {
    const offset = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "shortOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    return offset ? `${timeZone} (${offset})` : timeZone;
  } catch {
    return timeZone;
  }
}

/** An hour of the delivery chart in `timeZone`: "24 Dec, 10:00". */
export function hourLabel(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(at));
}

/** One bar of the report's funnel. */
export interface FunnelStep {
  key: string;
  label: string;
  value: number;
  /** Share of the targeted recipients, 0–100 (rounded to one decimal); null when none were targeted. */
  percent: number | null;
  /** Steps that went wrong (failed, bounced, unsubscribed, spam) are drawn apart. */
  problem: boolean;
}

/**
 * The report's funnel from a campaign's stats: targeted → sent → delivered → opened/read → clicked, then
 * the problems (failed, bounced, marked as spam, unsubscribed). Email opens and WhatsApp reads are one
 * step ("Opened" for email, "Read" for WhatsApp, "Opened or read" when both channels are used). Counts
 * are of recipients with each stamp (a clicked recipient also counts as delivered and opened).
 */
export function funnelSteps(stats: CampaignStats, channel: CampaignChannel): FunnelStep[] {
  const percent = (n: number) => (stats.targeted > 0 ? Math.round((n / stats.targeted) * 1000) / 10 : null);
  const step = (key: string, label: string, value: number, problem = false): FunnelStep => ({
    key,
    label,
    value,
    percent: percent(value),
    problem,
  });
  const openLabel = channel === "email" ? "Opened" : channel === "whatsapp" ? "Read" : "Opened or read";
  return [
    step("targeted", "Targeted", stats.targeted),
    step("sent", "Sent", stats.sent),
    step("delivered", "Delivered", stats.delivered),
    step("opened", openLabel, stats.opened + stats.read),
    step("clicked", "Clicked", stats.clicked),
    step("failed", "Failed", stats.failed, true),
    step("bounced", "Bounced", stats.bounced, true),
    step("complained", "Marked as spam", stats.complained, true),
    step("unsubscribed", "Unsubscribed", stats.unsubscribed, true),
  ];
}

/**
 * How far a sending campaign is: `done` of `total` recipients handed to the provider or finished
 * (targeted less those still queued or sending). `total` is null while the recipients are still being
 * prepared (none targeted yet), for an indeterminate bar.
 */
export function sendProgress(stats: Pick<CampaignStats, "targeted" | "queued">): {
  done: number;
  total: number | null;
  percent: number | null;
} {
  if (stats.targeted <= 0) return { done: 0, total: null, percent: null };
  const done = Math.max(0, stats.targeted - stats.queued);
  return { done, total: stats.targeted, percent: Math.floor((done / stats.targeted) * 100) };
}

/** Whether a campaign in `status` has started sending, so it has a report. */
export function hasReport(status: CampaignStatus, startedAt: Date | string | null): boolean {
  if (status === "sending" || status === "paused" || status === "completed") return true;
  return (status === "cancelled" || status === "failed") && startedAt !== null;
}

/**
 * An email's blocks as the Markdown the form edits: text as is, headings with `#`, buttons and images as
 * links, dividers as `---`; the footer block is left out (the business's footer is added when sending).
 * Paragraphs are separated by a blank line.
 */
export function markdownFromBlocks(blocks: readonly EmailBlock[]): string {
  return blocks
    .map((b): string | null => {
      if (b.type === "text") return b.text;
      if (b.type === "heading") return `${"#".repeat(b.level ?? 1)} ${b.text}`;
      if (b.type === "button") return `[${b.label}](${b.url})`;
      if (b.type === "image") return `![${b.alt ?? ""}](${b.url})`;
      if (b.type === "divider") return "---";
      return null;
    })
    .filter((s): s is string => Boolean(s))
    .join("\n\n");
}

/** A stored email content (`campaigns.email`), or null. */
export function parseEmail(
  value: unknown,
): { subject: string; preheader: string; blocks: EmailBlock[] } | null {
  if (!value || typeof value !== "object") return null;
  const e = value as { subject?: unknown; preheader?: unknown; blocks?: unknown };
  return {
    subject: typeof e.subject === "string" ? e.subject : "",
    preheader: typeof e.preheader === "string" ? e.preheader : "",
    blocks: Array.isArray(e.blocks) ? (e.blocks as EmailBlock[]) : [],
  };
}
