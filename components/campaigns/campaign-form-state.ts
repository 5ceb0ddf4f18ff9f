import type { CampaignChannel } from "@/server/domain/campaigns";
import type { EmailBlock } from "@/server/domain/email-blocks";
import {
  markdownFromBlocks,
  parseAudience,
  parseEmail,
  usesEmail,
  usesWhatsapp,
  utcToZoned,
  zonedToUtc,
} from "./campaign-display";

/*
 * The campaign form's state, built from a saved campaign, checked, and turned into the input of
 * `campaigns.create` / `campaigns.update`; and the server's field errors brought back to the form's
 * fields. Pure (tests/unit/campaign-form-state.test.ts).
 */

export type AudienceType = "segment" | "tags" | "everyone" | "rules";

export interface CampaignFormState {
  name: string;
  channel: CampaignChannel;
  audienceType: AudienceType;
  segmentId: string;
  tags: string[];
  /** Rules of a saved "rules" audience, kept as they are (the form does not edit rules). */
  rules: unknown;
  /** Write the email here, or copy an email template. */
  emailMode: "write" | "template";
  subject: string;
  preheader: string;
  /** Markdown. */
  body: string;
  /** Whether the body was edited since the campaign was loaded (an untouched body keeps its blocks). */
  bodyEdited: boolean;
  emailTemplateId: string;
  whatsappTemplateId: string;
  when: "now" | "later";
  /** "2026-12-24" and "10:00" in the business's time zone. */
  day: string;
  time: string;
}

/** The form's fields an error can be shown at. */
export type FormField =
  | "name"
  | "channel"
  | "audience"
  | "segmentId"
  | "tags"
  | "subject"
  | "preheader"
  | "body"
  | "emailTemplateId"
  | "whatsappTemplateId"
  | "schedule";

export type FormErrors = Partial<Record<FormField, string>>;

/** A campaign as the form reads it (`campaigns.get`). */
export interface SavedCampaign {
  id: string;
  name: string;
  channel: CampaignChannel;
  audience: unknown;
  email: unknown;
  whatsapp: unknown;
  abTest?: unknown;
  scheduledAt: Date | string | null;
}

/** The form for a new campaign: email to a tag, sent when the user says so. */
export function emptyFormState(): CampaignFormState {
  return {
    name: "",
    channel: "email",
    audienceType: "segment",
    segmentId: "",
    tags: [],
    rules: null,
    emailMode: "write",
    subject: "",
    preheader: "",
    body: "",
    bodyEdited: false,
    emailTemplateId: "",
    whatsappTemplateId: "",
    when: "now",
    day: "",
    time: "10:00",
  };
}

/** The form filled in from a saved campaign; its schedule shown in `timeZone`. */
export function formStateFromCampaign(c: SavedCampaign, timeZone: string): CampaignFormState {
  const base = emptyFormState();
  const audience = parseAudience(c.audience);
  const email = parseEmail(c.email);
  const whatsapp = c.whatsapp as { templateId?: unknown } | null;
  const zoned = c.scheduledAt ? utcToZoned(c.scheduledAt, timeZone) : null;
  return {
    ...base,
    name: c.name,
    channel: c.channel,
    audienceType: audience?.type ?? "segment",
    segmentId: audience?.type === "segment" ? audience.segmentId : "",
    tags: audience?.type === "tags" ? audience.tags : [],
    rules: audience?.type === "rules" ? audience.rules : null,
    subject: email?.subject ?? "",
    preheader: email?.preheader ?? "",
    body: email ? markdownFromBlocks(email.blocks) : "",
    whatsappTemplateId: typeof whatsapp?.templateId === "string" ? whatsapp.templateId : "",
    when: zoned ? "later" : "now",
    day: zoned?.day ?? "",
    time: zoned?.time ?? base.time,
  };
}

/** What the form sends: the fields of `campaigns.create` (with `campaignId` for `campaigns.update`). */
export interface CampaignFormInput {
  name: string;
  channel: CampaignChannel;
  audience:
    | { type: "segment"; segmentId: string }
    | { type: "tags"; tags: string[] }
    | { type: "everyone" }
    | { type: "rules"; rules: never };
  /** The Markdown shortcut (subject + body), when the body was written or changed here. */
  subject?: string;
  body?: string;
  /** The email as blocks, when only the subject or preheader changed. */
  email?: { subject: string; preheader: string; blocks: EmailBlock[] };
  emailTemplateId?: string;
  whatsapp?: { templateId: string };
  /** The A/B test (`buildAbTestInput`); null removes a saved one. */
  abTest?: {
    variants: { subject?: string; templateId?: string }[];
    testPercent: number;
    metric: "open" | "read" | "click";
    waitHours: number;
  } | null;
  scheduledAt: Date | null;
}

/**
 * Checks the form and builds the procedure's input. The content may be left empty (a draft; the review
 * says what is missing), but a half-written email, a missing segment, no tags or a schedule in the past
 * are refused at their fields. `original` is the saved campaign's email (its blocks are kept when the body
 * was not edited). Output: `{ input, preheader }` (the preheader to set after a Markdown save, which does
 * not carry it) or `{ errors }`.
 */
export function buildCampaignInput(
  s: CampaignFormState,
  opts: { timeZone: string; now: Date; original?: unknown },
): { input: CampaignFormInput; preheader: string | null } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const name = s.name.trim();
  if (!name) errors.name = "Name the campaign.";

  let audience: CampaignFormInput["audience"] | null = null;
  if (s.audienceType === "segment") {
    if (s.segmentId) audience = { type: "segment", segmentId: s.segmentId };
    else errors.segmentId = "Pick a segment.";
  } else if (s.audienceType === "tags") {
    if (s.tags.length) audience = { type: "tags", tags: s.tags };
    else errors.tags = "Add at least one tag.";
  } else if (s.audienceType === "rules") {
    if (s.rules) audience = { type: "rules", rules: s.rules as never };
    else errors.audience = "Choose who gets the campaign.";
  } else audience = { type: "everyone" };

  const content: Partial<CampaignFormInput> = {};
  let preheader: string | null = null;
  if (usesEmail(s.channel)) {
    if (s.emailMode === "template") {
      if (s.emailTemplateId) content.emailTemplateId = s.emailTemplateId;
      else errors.emailTemplateId = "Pick an email template.";
    } else {
      const subject = s.subject.trim();
      const body = s.body.trim();
      const original = parseEmail(opts.original);
      const keepBlocks = !s.bodyEdited && original !== null && original.blocks.length > 0;
      if (keepBlocks && original) {
        if (!subject) errors.subject = "Write a subject.";
        else content.email = { subject, preheader: s.preheader.trim(), blocks: original.blocks };
      } else if (subject || body) {
        if (!subject) errors.subject = "Write a subject.";
        if (!body) errors.body = "Write the email's body.";
        content.subject = subject;
        content.body = body;
        preheader = s.preheader.trim() || null;
      }
    }
  }
  if (usesWhatsapp(s.channel) && s.whatsappTemplateId) {
    content.whatsapp = { templateId: s.whatsappTemplateId };
  }

  let scheduledAt: Date | null = null;
  if (s.when === "later") {
    const at = zonedToUtc(s.day, s.time, opts.timeZone);
    if (!at) errors.schedule = "Pick a date and a time.";
    else if (at.getTime() <= opts.now.getTime()) errors.schedule = "Pick a time in the future.";
    else scheduledAt = at;
  }

  if (Object.keys(errors).length > 0 || !audience) return { errors };
  return {
    input: { name, channel: s.channel, audience, ...content, scheduledAt },
    preheader,
  };
}

/**
 * The form field a server error path belongs to (`audience.tags[0]` → tags, `email.blocks` → body,
 * `whatsapp.templateId` → whatsappTemplateId); null for a path the form has no field for.
 */
export function formFieldOf(path: string): FormField | null {
  if (path === "name" || path === "channel") return path;
  if (path.startsWith("audience.segmentId")) return "segmentId";
  if (path.startsWith("audience.tags")) return "tags";
  if (path.startsWith("audience")) return "audience";
  if (path === "subject" || path === "email.subject") return "subject";
  if (path === "email.preheader") return "preheader";
  if (path === "body" || path === "email" || path.startsWith("email.blocks")) return "body";
  if (path === "emailTemplateId") return "emailTemplateId";
  if (path.startsWith("whatsapp")) return "whatsappTemplateId";
  if (path === "scheduledAt") return "schedule";
  return null;
}

/** Server field errors split into the form's fields and the rest (shown above the buttons). */
export function formErrorsFrom(fieldErrors: Record<string, string>): { fields: FormErrors; other: string[] } {
  const fields: FormErrors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(fieldErrors)) {
    const field = formFieldOf(path);
    if (field && !fields[field]) fields[field] = message;
    else if (!field) other.push(message);
  }
  return { fields, other };
}

/** The order the form's fields come in, for focusing the first one with an error. */
export const formFieldOrder: readonly FormField[] = [
  "name",
  "channel",
  "audience",
  "segmentId",
  "tags",
  "subject",
  "preheader",
  "body",
  "emailTemplateId",
  "whatsappTemplateId",
  "schedule",
];
