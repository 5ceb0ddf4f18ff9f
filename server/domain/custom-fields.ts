import { z } from "zod";
import { customFieldTypes } from "@/db/schema/enum-values";

/** The types a custom field can have (the `custom_field_type` enum). */
export const customFieldTypeSchema = z.enum(customFieldTypes);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

export const customFieldTypeLabels: Record<CustomFieldType, string> = {
  text: "Text",
  long_text: "Long text",
  number: "Number",
  currency: "Amount (currency)",
  date: "Date",
  boolean: "Yes / no",
  single_select: "Single select",
  multi_select: "Multi select",
  url: "Link (URL)",
  email: "Email",
  phone: "Phone",
};

/** Longest value of a `text` field, in characters. */
export const CUSTOM_TEXT_MAX = 1_000;
/** Longest value of a `long_text` field, in characters. */
export const CUSTOM_LONG_TEXT_MAX = 10_000;
/** At most this many custom fields per business. */
export const CUSTOM_FIELDS_MAX = 100;
/** At most this many options on a select field. */
export const CUSTOM_FIELD_OPTIONS_MAX = 200;

const labelSchema = z.string().trim().min(1, "Name the field.").max(60, "Use at most 60 characters.");

/** Options of a select field: trimmed, non-empty, unique (case-insensitive). */
export const customFieldOptionsSchema = z
  .array(z.string().trim().min(1, "Options cannot be empty.").max(100, "Use at most 100 characters."))
  .max(CUSTOM_FIELD_OPTIONS_MAX, `Use at most ${CUSTOM_FIELD_OPTIONS_MAX} options.`)
  .refine(
    (opts) => new Set(opts.map((o) => o.toLowerCase())).size === opts.length,
    "Each option must be different.",
  );

export const isSelectType = (t: CustomFieldType) => t === "single_select" || t === "multi_select";

export const createCustomFieldInput = z
  .object({
    label: labelSchema,
    type: customFieldTypeSchema,
    /** Required (non-empty) for single and multi select; ignored for other types. */
    options: customFieldOptionsSchema.optional(),
    required: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (isSelectType(v.type) && !v.options?.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Add at least one option." });
    }
  });
export type CreateCustomFieldInput = z.output<typeof createCustomFieldInput>;

/** The type and key of a field never change (stored values are keyed and shaped by them). */
export const updateCustomFieldInput = z.object({
  customFieldId: z.uuid(),
  label: labelSchema.optional(),
  options: customFieldOptionsSchema.optional(),
  required: z.boolean().optional(),
});
export type UpdateCustomFieldInput = z.output<typeof updateCustomFieldInput>;

export const customFieldIdInput = z.object({ customFieldId: z.uuid() });

/** The new order: field ids first to last. Fields not listed keep their order after the listed ones. */
export const reorderCustomFieldsInput = z.object({
  customFieldIds: z
    .array(z.uuid())
    .min(1)
    .max(CUSTOM_FIELDS_MAX)
    .refine((ids) => new Set(ids).size === ids.length, "List each field once."),
});

/**
 * Custom field values as a client sends them, by field key. Shapes per type (checked against the
 * business's definitions by `validateCustomFieldValues` in server/services/custom-fields):
 * text/long_text/url/email/phone/date/single_select: string; number: number or numeric string;
 * currency: integer minor units (number) or a typed amount in major units (string, "12.50");
 * boolean: boolean; multi_select: string[]; null or "" clears a value.
 */
export const customFieldValuesInput = z.record(
  z.string().max(64),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
);
export type CustomFieldValuesInput = z.input<typeof customFieldValuesInput>;
