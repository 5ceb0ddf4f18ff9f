import { z } from "zod";
import { formSubmissionStatuses, leadFormStatuses } from "@/db/schema/enum-values";
import {
  type LeadFormDefinition,
  type LeadFormDefinitionInput,
  leadFormDefinitionSchema,
} from "./lead-forms";

/**
 * The contracts of the business's side of lead forms: what the builder, the submissions page and REST v1
 * (`/api/v1/forms…`) send and receive. Pure: read by the procedures, the services' types and the client
 * components alike. The definition itself (`leadFormDefinitionSchema`) lives in lead-forms.ts.
 */

/** Longest form name, in characters. */
export const LEAD_FORM_NAME_MAX = 100;

const formName = z
  .string()
  .trim()
  .min(1, "Name the form.")
  .max(LEAD_FORM_NAME_MAX, `Use at most ${LEAD_FORM_NAME_MAX} characters.`);

export const formIdInput = z.object({ formId: z.uuid() });
export const submissionIdInput = z.object({ submissionId: z.uuid() });

/** A new form: a name and, optionally, a whole definition (default: name, email and phone fields). */
export const createLeadFormInput = z.object({
  name: formName,
  definition: leadFormDefinitionSchema.optional(),
});
export type CreateLeadFormInput = z.output<typeof createLeadFormInput>;

/** Renames a form and/or replaces its draft definition (the live version changes only on publish). */
export const updateLeadFormInput = z.object({
  formId: z.uuid(),
  name: formName.optional(),
  definition: leadFormDefinitionSchema.optional(),
});
export type UpdateLeadFormInput = z.output<typeof updateLeadFormInput>;

export const leadFormStatusOutput = z.enum(leadFormStatuses);
export const formSubmissionStatusSchema = z.enum(formSubmissionStatuses);
export type FormSubmissionStatus = z.infer<typeof formSubmissionStatusSchema>;

/** The published version a form serves now. */
export const publishedVersionOutput = z.object({
  id: z.uuid(),
  version: z.number().int(),
  publishedAt: z.date(),
});

/** A form as its list shows it (no definition). Counts are all-time; `conversionRate` is 0–1 or null. */
export const leadFormSummaryOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  status: leadFormStatusOutput,
  publishedVersion: publishedVersionOutput.nullable(),
  /** The draft differs from the published version (publish to make it live). */
  hasUnpublishedChanges: z.boolean(),
  /**
   * Whether a published form takes submissions now: `open`, `limit_reached` (its submission limit is
   * met) or `expired` (past its closing date); null when it is not published.
   */
  liveState: z.enum(["open", "limit_reached", "expired"]).nullable(),
  /** Accepted submissions (spam left out). */
  submissionCount: z.number().int(),
  views: z.number().int(),
  /** Submissions per view, 0–1; null before the first view. */
  conversionRate: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});
export type LeadFormSummary = z.infer<typeof leadFormSummaryOutput>;

/** A form with its draft definition. */
export const leadFormOutput = leadFormSummaryOutput.extend({ definition: leadFormDefinitionSchema });
export type LeadFormOutput = Omit<z.infer<typeof leadFormOutput>, "definition"> & {
  definition: LeadFormDefinition;
};

/** Which submissions: the inbox (everything but spam) or the Spam tab. */
export const submissionTabs = ["all", "spam"] as const;
export type SubmissionTab = (typeof submissionTabs)[number];

/** An instant as ISO 8601 text (query strings carry text; the service reads it as a Date). */
const instant = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date and time." });

/**
 * Filters of a form's submissions, newest first, in keyset pages: `tab` (`all`: received, processed and
 * failed; `spam`: the Spam tab), `status` within the inbox, `from` ≤ created < `to` (instants), `search`
 * in the answers (case-insensitive), `cursor` from the previous page, `limit` 1–200 (default 50). Numbers
 * may come as query-string text (REST).
 */
export const listSubmissionsInput = z.object({
  formId: z.uuid(),
  tab: z.enum(submissionTabs).default("all"),
  status: z.enum(["received", "processed", "failed"]).optional(),
  from: instant.optional(),
  to: instant.optional(),
  search: z.string().trim().max(200).optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListSubmissionsInput = z.output<typeof listSubmissionsInput>;
/** The same filters without the form and the page (export). */
export type SubmissionFilters = Omit<ListSubmissionsInput, "formId" | "cursor" | "limit">;

const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** Where a submission came from (`LeadFormContext`). */
export const submissionContextOutput = z.object({
  utm: z.record(z.string(), z.string()),
  referrer: z.string().optional(),
  landingPage: z.string().optional(),
  source: z.string().optional(),
});

/** One submission as the list and the API give it. */
export const submissionOutput = z.object({
  id: z.uuid(),
  formId: z.uuid(),
  versionId: z.uuid(),
  /** The published version the visitor filled in (1, 2, …). */
  version: z.number().int(),
  status: formSubmissionStatusSchema,
  /** The checked answers by field key (E.164 phones, YYYY-MM-DD dates, option values). */
  answers: z.record(z.string(), answerValue),
  context: submissionContextOutput,
  /** Who it looks like: the answers mapped to name, email and phone (for lists). */
  contact: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  /** `?source=`, `utm_source`, the referrer's host, or "Direct". */
  source: z.string(),
  spamReason: z.string().nullable(),
  error: z.string().nullable(),
  customer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.date(),
  processedAt: z.date().nullable(),
});
export type SubmissionOutput = z.infer<typeof submissionOutput>;

export const submissionPageOutput = z.object({
  data: z.array(submissionOutput),
  nextCursor: z.string().nullable(),
});

/** A submission with the labels of the fields it answered (from its version), for the detail sheet. */
export const submissionDetailOutput = submissionOutput.extend({
  fields: z.array(z.object({ key: z.string(), label: z.string(), type: z.string() })),
});
export type SubmissionDetailOutput = z.infer<typeof submissionDetailOutput>;

/** Longest analytics range, in days. */
export const ANALYTICS_MAX_DAYS = 366;

/** A form's analytics over UTC days `from`–`to` (YYYY-MM-DD, inclusive; default the last 30 days). */
export const formAnalyticsInput = z.object({
  formId: z.uuid(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const formAnalyticsOutput = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    views: z.number().int(),
    starts: z.number().int(),
    submissions: z.number().int(),
    spam: z.number().int(),
    /** Submissions per view, 0–1; null without views. */
    conversionRate: z.number().nullable(),
  }),
  /** Every day of the range, oldest first, zeros included. */
  byDay: z.array(
    z.object({
      day: z.string(),
      views: z.number().int(),
      starts: z.number().int(),
      submissions: z.number().int(),
      spam: z.number().int(),
    }),
  ),
  /** Accepted submissions by source, most first (at most 10; the rest as "Other"). */
  bySource: z.array(z.object({ source: z.string(), submissions: z.number().int() })),
});
export type FormAnalyticsOutput = z.infer<typeof formAnalyticsOutput>;

/**
 * The definition a new form starts with: name (required), email (required) and phone fields mapped to the
 * customer's, the title set to the form's name. `country` (ISO 3166-1 alpha-2) is the phone field's
 * default country, usually the business's.
 */
export function defaultLeadFormDefinition(title: string, country?: string): LeadFormDefinition {
  const input: LeadFormDefinitionInput = {
    fields: [
      { key: "name", type: "short_text", label: "Name", required: true, mapTo: "name" },
      { key: "email", type: "email", label: "Email", required: true, mapTo: "email" },
      {
        key: "phone",
        type: "phone",
        label: "Phone",
        required: false,
        mapTo: "phone",
        ...(country && /^[A-Z]{2}$/.test(country) ? { defaultCountry: country } : {}),
      },
    ],
    settings: { title: title.slice(0, 200) || "Contact us" },
  };
  return leadFormDefinitionSchema.parse(input);
}

/**
 * What the Share tab offers, as embed.js reads it (components/lead-forms/embed/embed.ts): the hosted page,
 * the one-line inline embed, a popup opened by a button of its own (`data-trigger` is a CSS selector) and
 * a plain `<iframe>` of `/f/{id}/embed` for site builders that take no scripts (fixed height; with the
 * script, `data-mode="iframe"` resizes it to its content).
 */
export function embedSnippets(appUrl: string, formId: string) {
  const base = appUrl.replace(/\/+$/, "");
  const hosted = `${base}/f/${formId}`;
  const script = `<script src="${base}/embed.js" data-form="${formId}"`;
  const button = `minicrm-open-${formId.slice(0, 8)}`;
  return {
    hosted,
    inline: `${script} async></script>`,
    popup: `<button type="button" id="${button}">Get in touch</button>\n${script} data-mode="popup" data-trigger="#${button}" async></script>`,
    iframe: `<iframe src="${hosted}/embed" title="Form" style="width:100%;height:640px;border:0" loading="lazy"></iframe>`,
  };
}
