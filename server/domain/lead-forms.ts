import { z } from "zod";
import {
  leadFormDuplicatePolicies,
  leadFormFieldTypes,
  leadFormLanguages,
  leadFormStatuses,
  lifecycleStages,
} from "@/db/schema/enum-values";

/**
 * Lead forms: the definition a business builds (fields and settings), the part of it a visitor's
 * browser may see, and the checker of a submission generated from it. Pure: read by the builder in the
 * browser, the services, the hosted page, the embed's API and the REST contract alike.
 *
 * A field's `key` is its name in a submission (`answers[key]`) and in the HTML form; `mapTo` says which
 * customer field receives it: a standard field (`name`, `email`, …), `custom.<key>` for a custom field,
 * or nothing (kept in the submission and on the timeline only).
 */

export const leadFormStatusSchema = z.enum(leadFormStatuses);
export type LeadFormStatus = z.infer<typeof leadFormStatusSchema>;
export const leadFormFieldTypeSchema = z.enum(leadFormFieldTypes);
export type LeadFormFieldType = z.infer<typeof leadFormFieldTypeSchema>;
export const leadFormLanguageSchema = z.enum(leadFormLanguages);
export type LeadFormLanguage = z.infer<typeof leadFormLanguageSchema>;

/** Limits of a definition and of what a visitor may send (characters unless said). */
export const LEAD_FORM_LIMITS = {
  fields: 50,
  key: 40,
  label: 200,
  helpText: 500,
  placeholder: 200,
  options: 100,
  optionLabel: 200,
  shortText: 500,
  longText: 5_000,
  hidden: 500,
  pattern: 200,
  title: 200,
  description: 2_000,
  successMessage: 2_000,
  allowedDomains: 50,
  /** Bytes of a submission's body; anything larger is refused before it is parsed. */
  bodyBytes: 64 * 1024,
} as const;

/** Standard customer fields a form field may fill (see customer-fields.ts for their definitions). */
export const leadFormCustomerTargets = [
  "name",
  "firstName",
  "lastName",
  "email",
  "phone",
  "whatsapp",
  "company",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
  "dateOfBirth",
  "anniversary",
] as const;

const fieldKey = z
  .string()
  .trim()
  .min(1, "Give the field a key.")
  .max(LEAD_FORM_LIMITS.key)
  .regex(/^[a-z][a-z0-9_]*$/, "Use lowercase letters, digits and underscores, starting with a letter.");

/** Where a field's answer goes: a standard customer field, `custom.<key>`, or nowhere. */
export const leadFormMapToSchema = z.union([
  z.enum(leadFormCustomerTargets),
  z.string().regex(/^custom\.[a-z][a-z0-9_]*$/, "Choose a custom field."),
]);

const optionSchema = z.object({
  value: z.string().trim().min(1).max(LEAD_FORM_LIMITS.optionLabel),
  label: z.string().trim().min(1).max(LEAD_FORM_LIMITS.optionLabel),
});

/** One field of a form. */
export const leadFormFieldSchema = z
  .object({
    key: fieldKey,
    type: leadFormFieldTypeSchema,
    label: z.string().trim().min(1, "Give the field a label.").max(LEAD_FORM_LIMITS.label),
    placeholder: z.string().trim().max(LEAD_FORM_LIMITS.placeholder).optional(),
    helpText: z.string().trim().max(LEAD_FORM_LIMITS.helpText).optional(),
    required: z.boolean().default(false),
    mapTo: leadFormMapToSchema.nullish(),
    /** Choices of `select` and `multi_select`. */
    options: z.array(optionSchema).max(LEAD_FORM_LIMITS.options).optional(),
    /** `number`: min/max value; text: min/max length; `date`: min/max as YYYY-MM-DD in `minDate`/`maxDate`. */
    validation: z
      .object({
        min: z.number().optional(),
        max: z.number().optional(),
        minLength: z.number().int().min(0).optional(),
        maxLength: z.number().int().min(1).optional(),
        pattern: z.string().max(LEAD_FORM_LIMITS.pattern).optional(),
        minDate: z.iso.date().optional(),
        maxDate: z.iso.date().optional(),
      })
      .optional(),
    /** `consent`: the channel the visitor agrees to be contacted on. */
    consentChannel: z.enum(["email", "whatsapp", "sms"]).optional(),
    /** `phone` / `whatsapp`: ISO 3166-1 alpha-2 country for numbers typed without a country code. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    /** `hidden`: the URL parameter that fills it (defaults to the key). */
    param: z.string().trim().max(LEAD_FORM_LIMITS.key).optional(),
  })
  .superRefine((field, ctx) => {
    if ((field.type === "select" || field.type === "multi_select") && !field.options?.length)
      ctx.addIssue({ code: "custom", path: ["options"], message: "Add at least one choice." });
    if (field.type === "consent" && !field.consentChannel)
      ctx.addIssue({ code: "custom", path: ["consentChannel"], message: "Choose the channel." });
    if (field.validation?.pattern) {
      try {
        new RegExp(field.validation.pattern, "u");
      } catch {
        ctx.addIssue({ code: "custom", path: ["validation", "pattern"], message: "Not a valid pattern." });
      }
    }
  });
export type LeadFormField = z.output<typeof leadFormFieldSchema>;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.");

/** How the form looks. */
export const leadFormThemeSchema = z.object({
  primaryColor: colour.default("#2563eb"),
  backgroundColor: colour.default("#ffffff"),
  textColor: colour.default("#0f172a"),
  font: z.enum(["system", "serif", "rounded", "mono"]).default("system"),
  /** Corner radius in CSS pixels. */
  radius: z.number().int().min(0).max(24).default(8),
  mode: z.enum(["light", "dark", "auto"]).default("auto"),
});

/** Settings: texts, look, and what happens with a submission. */
export const leadFormSettingsSchema = z.object({
  title: z.string().trim().min(1, "Give the form a title.").max(LEAD_FORM_LIMITS.title),
  description: z.string().trim().max(LEAD_FORM_LIMITS.description).optional(),
  submitLabel: z.string().trim().max(60).optional(),
  /** After a submission: a message on the page, or a redirect to an https URL. */
  success: z
    .discriminatedUnion("type", [
      z.object({
        type: z.literal("message"),
        message: z.string().trim().max(LEAD_FORM_LIMITS.successMessage),
      }),
      z.object({ type: z.literal("redirect"), url: z.url({ protocol: /^https?$/ }) }),
    ])
    .default({ type: "message", message: "" }),
  theme: leadFormThemeSchema.default(leadFormThemeSchema.parse({})),
  /** Language of the built-in texts (buttons, errors); `fa` and `ar` are right-to-left. */
  language: leadFormLanguageSchema.default("en"),
  /** What a new lead gets. */
  leadDefaults: z
    .object({
      tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
      lifecycleStage: z.enum(lifecycleStages).default("lead"),
      ownerId: z.string().nullish(),
      /** Source when the visitor's URL carries none (`?source=` or `utm_source` win). */
      source: z.string().trim().max(100).optional(),
    })
    .default({ tags: [], lifecycleStage: "lead" }),
  /** `update`: fill the existing customer matched by email or phone; `keep`: only add to its timeline. */
  duplicatePolicy: z.enum(leadFormDuplicatePolicies).default("update"),
  /** Who hears of a new submission: members' user ids (email and in-app). */
  notify: z
    .object({
      userIds: z.array(z.string()).max(20).default([]),
      emails: z.array(z.email()).max(20).default([]),
    })
    .default({ userIds: [], emails: [] }),
  /** A thank-you email to the visitor (Markdown body with template variables), when the form has an email. */
  autoReply: z
    .object({
      enabled: z.boolean().default(false),
      subject: z.string().trim().max(200).default(""),
      body: z.string().max(20_000).default(""),
    })
    .default({ enabled: false, subject: "", body: "" }),
  followUpTask: z
    .object({
      enabled: z.boolean().default(false),
      title: z.string().trim().max(200).default("Follow up with {{customer.name}}"),
      /** Hours after the submission the task is due. */
      dueInHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 365)
        .default(24),
      assigneeId: z.string().nullish(),
    })
    .default({ enabled: false, title: "Follow up with {{customer.name}}", dueInHours: 24 }),
  /** Close after N submissions or at an instant (ISO 8601). */
  limit: z
    .object({
      maxSubmissions: z.number().int().min(1).nullish(),
      closesAt: z.iso.datetime({ offset: true }).nullish(),
    })
    .default({}),
  /** Hosts allowed to embed the form (`example.com` also allows its subdomains); empty: the hosted page only. */
  allowedDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/, "Use a host name like example.com."),
    )
    .max(LEAD_FORM_LIMITS.allowedDomains)
    .default([]),
  /** Seconds a person needs at least between loading and sending the form; faster is treated as a bot. */
  minFillSeconds: z.number().int().min(0).max(60).default(3),
});
export type LeadFormSettings = z.output<typeof leadFormSettingsSchema>;

/**
 * Whether a submission of a form with these settings has side effects after its customer: a follow-up
 * task, notifications (members or addresses) or an auto-reply. Without any, processing ends with the
 * customer.
 */
export function leadFormHasEffects(settings: LeadFormSettings): boolean {
  return (
    settings.followUpTask.enabled ||
    settings.notify.userIds.length + settings.notify.emails.length > 0 ||
    settings.autoReply.enabled
  );
}

/** A whole definition, as a draft and as each published version stores it. */
export const leadFormDefinitionSchema = z
  .object({
    fields: z.array(leadFormFieldSchema).max(LEAD_FORM_LIMITS.fields),
    settings: leadFormSettingsSchema,
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.fields.forEach((f, i) => {
      if (seen.has(f.key))
        ctx.addIssue({
          code: "custom",
          path: ["fields", i, "key"],
          message: `Another field uses "${f.key}".`,
        });
      seen.add(f.key);
    });
    const mapped = new Set<string>();
    def.fields.forEach((f, i) => {
      if (!f.mapTo) return;
      if (mapped.has(f.mapTo))
        ctx.addIssue({
          code: "custom",
          path: ["fields", i, "mapTo"],
          message: `Another field fills ${f.mapTo}.`,
        });
      mapped.add(f.mapTo);
    });
  });
export type LeadFormDefinition = z.output<typeof leadFormDefinitionSchema>;
export type LeadFormDefinitionInput = z.input<typeof leadFormDefinitionSchema>;

/** Whether a published definition can make a customer: a field mapped to name, email, phone or WhatsApp. */
export function definitionProblems(def: LeadFormDefinition): string[] {
  const problems: string[] = [];
  if (def.fields.length === 0) problems.push("Add at least one field.");
  const targets = new Set(def.fields.map((f) => f.mapTo));
  if (!["name", "firstName", "email", "phone", "whatsapp"].some((t) => targets.has(t as never)))
    problems.push("Map a field to the customer's name, email, phone or WhatsApp.");
  return problems;
}

/**
 * The part of a published definition a visitor's browser receives (`GET /api/forms/{formId}`, the hosted
 * page, the embed): the fields without their mapping, and the texts and look; never the notification
 * recipients, the owner, the auto-reply or the task.
 */
export function publicDefinition(def: LeadFormDefinition) {
  const s = def.settings;
  return {
    fields: def.fields.map(({ mapTo: _mapTo, ...f }) => f),
    settings: {
      title: s.title,
      description: s.description,
      submitLabel: s.submitLabel,
      success: s.success,
      theme: s.theme,
      language: s.language,
      minFillSeconds: s.minFillSeconds,
    },
  };
}
export type PublicLeadFormDefinition = ReturnType<typeof publicDefinition>;

export { type LeadFormTexts, leadFormTexts } from "./lead-form-texts";
