/*
 * Why one file (~530 lines, because): these are the public contracts (zod) of the customers API, kept
 * together so the OpenAPI document, REST and tRPC read one place; the field list itself comes from
 * customer-fields.ts.
 */
import { z } from "zod";
import { activityTypes, lifecycleStages } from "@/db/schema/enum-values";
import { fieldMaxLengths, type PlainTextField, plainTextFields } from "./customer-fields";
import { CUSTOMER_LIMITS, customerSortFields, normalizeTags } from "./customer-values";
import { segmentRulesInput } from "./segments";

export {
  BULK_TASK_MAX,
  type ConsentChannel,
  CUSTOMER_LIMITS,
  type CustomerSortField,
  consentChannels,
  customerSortFields,
  type LifecycleStage,
  normalizeTags,
} from "./customer-values";

import { createTaskInput } from "./tasks";

/**
 * Zod contracts of the customers domain, shared by procedures, REST v1 and client forms.
 * Phones arrive in any format and are normalised to E.164 by the service, which knows the business's
 * country; everything else is validated here.
 */

export const lifecycleStageSchema = z.enum(lifecycleStages);
export const activityTypeSchema = z.enum(activityTypes);

/** `undefined` stays undefined (a partial update leaves the field alone); "" becomes null (clear it). */
const emptyToNull = <T>(v: T | "" | null | undefined): T | null | undefined =>
  v === undefined ? undefined : v === "" || v === null ? null : v;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform(emptyToNull<string>);

/** Up to 100 tags of up to 50 characters; trimmed, deduplicated case-insensitively. */
export const tagsSchema = z
  .array(z.string().trim().max(CUSTOMER_LIMITS.tag, `A tag has at most ${CUSTOMER_LIMITS.tag} characters.`))
  .max(CUSTOMER_LIMITS.tags, `At most ${CUSTOMER_LIMITS.tags} tags.`)
  .transform(normalizeTags);

/** An ISO 8601 calendar date (YYYY-MM-DD); "" clears it. */
const isoDateField = z
  .union([z.literal(""), z.iso.date("Use a date like 1990-04-21.")])
  .nullish()
  .transform(emptyToNull<string>);

const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(CUSTOMER_LIMITS.email)
  .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address.")
  .nullish()
  .transform(emptyToNull<string>);

/** A phone number as typed (any format); the service turns it into E.164 or answers a field error. */
const phoneField = optionalText(CUSTOMER_LIMITS.phone);

/** Consent of one channel: whether it was granted, when (ISO 8601 instant; now when left out) and how. */
export const consentInput = z.object({
  granted: z.boolean(),
  at: z.iso.datetime({ offset: true }).nullish(),
  source: z.string().trim().max(CUSTOMER_LIMITS.consentSource).nullish(),
});
export type ConsentInput = z.infer<typeof consentInput>;

/** Custom field values by key; checked against the business's definitions by the service. */
export const customFieldValuesInput = z.record(
  z.string().trim().min(1).max(CUSTOMER_LIMITS.customFieldKey),
  z.unknown(),
);

/** Every plain text field of the definition: optional, trimmed, at most its length; "" clears it. */
const plainTextInputs = Object.fromEntries(
  plainTextFields.map((k) => [k, optionalText(fieldMaxLengths[k])]),
) as { [K in PlainTextField]: ReturnType<typeof optionalText> };

const customerFields = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the customer's name.")
    .max(CUSTOMER_LIMITS.name, `At most ${CUSTOMER_LIMITS.name} characters.`),
  email: emailField,
  phone: phoneField,
  whatsapp: phoneField,
  // company, address, city … external id, phone extension: one rule for every plain text field.
  ...plainTextInputs,
  tags: tagsSchema.optional(),
  dateOfBirth: isoDateField,
  anniversary: isoDateField,
  lifecycleStage: lifecycleStageSchema.optional(),
  /** A user id; must be a member of the business. null = unassigned. */
  ownerId: z.string().trim().min(1).max(100).nullish(),
  /** Per channel; null clears what is known (consent unknown). */
  consent: z
    .object({
      email: consentInput.nullish(),
      whatsapp: consentInput.nullish(),
      sms: consentInput.nullish(),
    })
    .optional(),
  /** On create: the values. On update: a patch; a key set to null removes that value. */
  customFields: customFieldValuesInput.optional(),
});

/** Creating a customer: only `name` is required. */
export const createCustomerInput = customerFields;
export type CreateCustomerInput = z.output<typeof createCustomerInput>;

/** Updating a customer: any subset of the fields; absent fields stay, null clears. */
export const updateCustomerInput = customerFields.partial().extend({ customerId: z.uuid() });
export type UpdateCustomerInput = z.output<typeof updateCustomerInput>;
export type CustomerFieldsPatch = Omit<UpdateCustomerInput, "customerId">;

export const customerIdInput = z.object({ customerId: z.uuid() });

// ---------------------------------------------------------------------------------------------------
// The list: filter, sort, cursor

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * An inclusive time range. A date without a time means that whole day in the business's time zone
 * (`to: "2026-03-31"` includes all of March 31).
 */
export const timeRangeInput = z.object({ from: dateOrInstant.optional(), to: dateOrInstant.optional() });

/** Birthday or anniversary window, in the business's time zone: this month, or today through N days ahead. */
export const dayWindowInput = z.object({
  within: z.enum(["this_month", "next_days"]),
  /** For `next_days`: today plus this many days (0 = today only). */
  days: z.number().int().min(0).max(366).default(7),
});

const consentState = z.enum(["granted", "denied", "unknown"]);

/** A condition on one custom field, by what its type allows. */
export const customFieldFilterInput = z.discriminatedUnion("op", [
  /** Text contains (case-insensitive). */
  z.object({ key: z.string().min(1), op: z.literal("contains"), value: z.string().min(1).max(200) }),
  /** Equals a text, number, boolean or select option (multi-select: has that option). */
  z.object({
    key: z.string().min(1),
    op: z.literal("equals"),
    value: z.union([z.string().max(1000), z.number(), z.boolean()]),
  }),
  /** Select: any of these options. */
  z.object({
    key: z.string().min(1),
    op: z.literal("anyOf"),
    values: z
      .array(z.union([z.string().max(1000), z.number()]))
      .min(1)
      .max(100),
  }),
  /** Number/currency range (numbers) or date range (YYYY-MM-DD); bounds inclusive. */
  z.object({
    key: z.string().min(1),
    op: z.literal("between"),
    from: z.union([z.number(), z.iso.date()]).optional(),
    to: z.union([z.number(), z.iso.date()]).optional(),
  }),
  /** Has a value / has none. */
  z.object({ key: z.string().min(1), op: z.literal("isSet") }),
  z.object({ key: z.string().min(1), op: z.literal("isEmpty") }),
]);
export type CustomFieldFilter = z.infer<typeof customFieldFilterInput>;

const tagList = z.array(z.string().trim().min(1).max(CUSTOMER_LIMITS.tag)).max(100);

/** Every filter of the customers list; all conditions AND together. Saved views store this object. */
export const customerFilterInput = z.object({
  /** Search as you type: name (every word), email, or phone digits (3 or more). */
  search: z.string().trim().max(200).optional(),
  tags: z
    .object({
      /** Has at least one of these. */
      any: tagList.optional(),
      /** Has all of these. */
      all: tagList.optional(),
      /** Has none of these. */
      none: tagList.optional(),
    })
    .optional(),
  sources: z.array(z.string().trim().max(CUSTOMER_LIMITS.source)).max(100).optional(),
  lifecycleStages: z.array(lifecycleStageSchema).optional(),
  /** Owned by one of these users; with `unassigned`, also customers without an owner. */
  ownerIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  unassigned: z.boolean().optional(),
  hasEmail: z.boolean().optional(),
  hasPhone: z.boolean().optional(),
  hasWhatsapp: z.boolean().optional(),
  /** true: customers kept with values that did not validate (an import's warnings), to fix by hand. */
  needsReview: z.boolean().optional(),
  consent: z
    .object({
      email: consentState.optional(),
      whatsapp: consentState.optional(),
      sms: consentState.optional(),
    })
    .optional(),
  birthday: dayWindowInput.optional(),
  anniversary: dayWindowInput.optional(),
  created: timeRangeInput.optional(),
  lastActivity: timeRangeInput.optional(),
  customFields: z.array(customFieldFilterInput).max(20).optional(),
  /** true: the Trash (soft-deleted customers); default: live customers. */
  deleted: z.boolean().optional(),
  /** In this saved segment (its rules as they are now). */
  segmentId: z.uuid().optional(),
  /** Matching these segment rules (server/domain/segments.ts): nested AND/OR groups of conditions. */
  rules: segmentRulesInput.optional(),
});
export type CustomerFilter = z.infer<typeof customerFilterInput>;
/** A filter as callers write it (defaults not yet applied). */
export type CustomerFilterInput = z.input<typeof customerFilterInput>;

/**
 * A filter from untrusted input (a shared URL, a stored saved view): each known condition is kept when
 * it is valid on its own and dropped otherwise; unknown keys are dropped. Output: a valid
 * `CustomerFilterInput` (empty for anything that is not an object).
 */
export function customerFilterFromUnknown(raw: unknown): CustomerFilterInput {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(customerFilterInput.shape) as (keyof CustomerFilterInput)[]) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = customerFilterInput.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as CustomerFilterInput;
}

export const customerSortInput = z.object({
  field: z.enum(customerSortFields).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
});
export type CustomerSort = z.infer<typeof customerSortInput>;

/** A page of the list: `limit` 1–200 (default 50); `cursor` is the previous page's `nextCursor`. */
export const listCustomersInput = z.object({
  filter: customerFilterInput.default({}),
  sort: customerSortInput.default({ field: "createdAt", direction: "desc" }),
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;
export type ListCustomersQuery = z.output<typeof listCustomersInput>;

/** REST v1 `GET /customers`: `tag` is one tag or several comma-separated (customers with all of them). */
export const restListCustomersInput = z
  .object({
    /** The key's business (optional: an API key names it). */
    businessId: z.uuid().optional(),
    search: z.string().trim().max(200).optional(),
    tag: z.string().trim().max(1000).optional(),
    /** `true`: only customers kept with values that did not validate; `false`: only those without. */
    needsReview: z.enum(["true", "false"]).optional(),
    /** Only customers in this segment (its rules as they are now). */
    segmentId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
  })
  // An unknown parameter (`?q=` for `search`) is a 400 naming it, never silently ignored.
  .strict();

export const countCustomersInput = z.object({
  filter: customerFilterInput.default({}),
  /** Count every match (slower on a large business); default: exact up to 10,000, then "10,000+". */
  exact: z.boolean().optional(),
});

export const timelineInput = z.object({
  customerId: z.uuid(),
  types: z.array(activityTypeSchema).optional(),
  cursor: z.string().max(1000).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

// ---------------------------------------------------------------------------------------------------
// Bulk actions, duplicates, merge, export

/** What a bulk action does to every selected customer. */
export const bulkActionInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("setLifecycleStage"), value: lifecycleStageSchema }),
  z.object({
    type: z.literal("addTags"),
    tags: tagsSchema.pipe(z.array(z.string()).min(1, "Choose a tag.")),
  }),
  z.object({
    type: z.literal("removeTags"),
    tags: tagsSchema.pipe(z.array(z.string()).min(1, "Choose a tag.")),
  }),
  z.object({ type: z.literal("setSource"), value: optionalText(CUSTOMER_LIMITS.source) }),
  z.object({ type: z.literal("assignOwner"), ownerId: z.string().min(1).max(100).nullable() }),
  z.object({
    type: z.literal("setCustomField"),
    key: z.string().trim().min(1).max(CUSTOMER_LIMITS.customFieldKey),
    value: z.unknown(),
  }),
]);
export type BulkAction = z.output<typeof bulkActionInput>;

/** Most customers a selection of ids may name (bulk actions, bulk tasks, export of a selection). */
export const BULK_SELECTION_MAX = 10_000;

/**
 * The customers a bulk action applies to: a selection (`customerIds`, up to 10,000) or every customer
 * matching `filter` ("all matching"). Exactly one of the two.
 */
export const bulkSelectionInput = z.object({
  customerIds: z
    .array(z.uuid())
    .min(1)
    .max(BULK_SELECTION_MAX, `Select at most ${BULK_SELECTION_MAX.toLocaleString("en")} customers.`)
    .optional(),
  filter: customerFilterInput.optional(),
});
const exactlyOneSelection = (v: { customerIds?: unknown; filter?: unknown }, ctx: z.RefinementCtx) => {
  if ((v.customerIds === undefined) === (v.filter === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["customerIds"],
      message: "Give either customerIds or filter.",
    });
  }
};
export type BulkSelection = z.infer<typeof bulkSelectionInput>;

export const bulkInput = bulkSelectionInput
  .extend({ action: bulkActionInput })
  .superRefine(exactlyOneSelection);
export const bulkSelectionOnlyInput = bulkSelectionInput.superRefine(exactlyOneSelection);

const taskFields = createTaskInput.shape;

/**
 * "Create a task" for each selected (or all matching) customer: the task's title, optional description,
 * due time and reminder (instants; the client turns the business's local time into one), priority
 * (default normal) and assignee (a member's user id; left out = the caller, null = unassigned). The
 * reminder may not be after the due time (field error on `reminderAt`).
 */
export const bulkCreateTaskInput = bulkSelectionInput
  .extend({
    title: taskFields.title,
    description: taskFields.description,
    dueAt: taskFields.dueAt,
    reminderAt: taskFields.reminderAt,
    priority: taskFields.priority,
    assigneeId: taskFields.assigneeId,
  })
  .superRefine(exactlyOneSelection)
  .superRefine((v, ctx) => {
    if (v.dueAt && v.reminderAt && v.reminderAt.getTime() > v.dueAt.getTime()) {
      ctx.addIssue({
        code: "custom",
        path: ["reminderAt"],
        message: "Set the reminder before the due time.",
      });
    }
  });
export type BulkCreateTaskInput = z.output<typeof bulkCreateTaskInput>;
/** The task every selected customer gets. */
export type BulkTaskFields = Omit<BulkCreateTaskInput, "customerIds" | "filter">;

export const duplicatesInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1000).nullish(),
});

/** Fields whose surviving value can be picked in a merge; `customFields.<key>` picks one custom value. */
export const mergeableFields = [
  "name",
  "email",
  "phone",
  "whatsapp",
  "company",
  "address",
  "source",
  "lifecycleStage",
  "ownerId",
  "dateOfBirth",
  "anniversary",
  "emailConsent",
  "whatsappConsent",
  "smsConsent",
  "externalId",
] as const;
export type MergeableField = (typeof mergeableFields)[number];

/**
 * Merging duplicates into `survivorId`. `fields` maps a field (see `mergeableFields`, or
 * `customFields.<key>`) to the customer whose value wins; fields not named keep the survivor's value, or
 * the first merged customer's when the survivor has none.
 */
export const mergeInput = z.object({
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()).min(1).max(10),
  fields: z.record(z.string().max(100), z.uuid()).default({}),
});
export type MergeInput = z.output<typeof mergeInput>;

export const exportColumns = [
  "id",
  "name",
  "email",
  "phone",
  "phoneExtension",
  "whatsapp",
  "company",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
  "tags",
  "source",
  "lifecycleStage",
  "ownerEmail",
  "dateOfBirth",
  "anniversary",
  "emailConsent",
  "emailConsentAt",
  "whatsappConsent",
  "whatsappConsentAt",
  "smsConsent",
  "smsConsentAt",
  "externalId",
  "createdAt",
  "updatedAt",
  "lastActivityAt",
  "totalSpent",
  "ordersCount",
  "lastPurchaseOn",
] as const;
export type ExportColumn = (typeof exportColumns)[number] | `custom:${string}`;

/** A column of an export: a standard column or `custom:<key>`. */
export const exportColumnInput = z.union([
  z.enum(exportColumns),
  z.templateLiteral(["custom:", z.string().min(1).max(CUSTOMER_LIMITS.customFieldKey)]),
]);

// ---------------------------------------------------------------------------------------------------
// Output

const consentOutput = z.object({
  granted: z.boolean().nullable(),
  at: z.date().nullable(),
  source: z.string().nullable(),
});

/** A customer as the API returns it (REST v1 and tRPC). Phones are E.164; dates ISO. */
const plainTextOutputs = Object.fromEntries(plainTextFields.map((k) => [k, z.string().nullable()])) as {
  [K in PlainTextField]: z.ZodNullable<z.ZodString>;
};

export const customerOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  whatsapp: z.string().nullable(),
  ...plainTextOutputs,
  tags: z.array(z.string()),
  lifecycleStage: lifecycleStageSchema,
  ownerId: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  anniversary: z.string().nullable(),
  consent: z.object({ email: consentOutput, whatsapp: consentOutput, sms: consentOutput }),
  customFields: z.record(z.string(), z.unknown()),
  /**
   * Values an import gave that did not validate, kept as typed: field (`phone`, `email`,
   * `customFields.<key>` …) → `{ value, reason }`. Not empty = "needs review"; saving the field clears it.
   */
  invalidValues: z.record(z.string(), z.object({ value: z.string(), reason: z.string() })),
  lastActivityAt: z.date(),
  /** What the customer has bought: total in the business's currency (minor units), orders, dates. */
  purchases: z.object({
    totalSpent: z.number().int(),
    ordersCount: z.number().int(),
    firstPurchaseOn: z.string().nullable(),
    lastPurchaseOn: z.string().nullable(),
  }),
  createdAt: z.date(),
  updatedAt: z.date(),
  deletedAt: z.date().nullable(),
});
export type CustomerOutput = z.infer<typeof customerOutput>;

/**
 * A timestamp as JSON carries it: ISO 8601 in UTC with milliseconds, what `Date.prototype.toJSON` prints.
 * Documented as a plain string, as `z.date()` is, so the OpenAPI document says the same of every customer.
 */
const jsonTimestamp = z.string();
const consentJsonOutput = consentOutput.extend({ at: jsonTimestamp.nullable() });

/**
 * A customer as a JSON answer carries it (REST v1): `customerOutput` with its timestamps as the ISO 8601
 * text `JSON.stringify` makes of them ("2026-12-07T03:21:31.622Z"), so a page can be sent without
 * making dates first. The same JSON as `customerOutput` serialized.
 */
export const customerJsonOutput = customerOutput.extend({
  consent: z.object({ email: consentJsonOutput, whatsapp: consentJsonOutput, sms: consentJsonOutput }),
  lastActivityAt: jsonTimestamp,
  createdAt: jsonTimestamp,
  updatedAt: jsonTimestamp,
  deletedAt: jsonTimestamp.nullable(),
});
export type CustomerJson = z.infer<typeof customerJsonOutput>;

export const customerPageOutput = z.object({
  data: z.array(customerJsonOutput),
  nextCursor: z.string().nullable(),
  /** Matching customers; a lower bound when `totalIsExact` is false (filtered totals past 10,000). */
  total: z.number().int(),
  totalIsExact: z.boolean(),
});
