import type { CustomFieldType } from "./custom-fields";
import { customerFieldLabel } from "./customer-fields";
import { type LeadFormFieldType, leadFormCustomerTargets } from "./lead-forms";

/**
 * Which customer field a form field may fill, by the form field's type: the builder offers only these,
 * and saving a draft refuses any other (so a submission never fails later for a mismatched type).
 * Pure: read by the builder in the browser and by the service.
 */

type StandardTarget = (typeof leadFormCustomerTargets)[number];

const textTypes: readonly LeadFormFieldType[] = ["short_text", "long_text", "select", "hidden"];

/** Form field types each standard customer field accepts. */
const standardAccepts: Record<StandardTarget, readonly LeadFormFieldType[]> = {
  name: textTypes,
  firstName: textTypes,
  lastName: textTypes,
  email: ["email"],
  phone: ["phone", "whatsapp"],
  whatsapp: ["whatsapp", "phone"],
  company: textTypes,
  addressLine1: textTypes,
  addressLine2: textTypes,
  city: textTypes,
  state: textTypes,
  postalCode: textTypes,
  country: textTypes,
  dateOfBirth: ["date"],
  anniversary: ["date"],
};

/** Form field types each custom field type accepts. */
const customAccepts: Record<CustomFieldType, readonly LeadFormFieldType[]> = {
  text: [...textTypes, "email", "phone", "whatsapp", "number", "date"],
  long_text: [...textTypes, "email", "phone", "whatsapp", "number", "date"],
  number: ["number"],
  currency: ["number"],
  date: ["date"],
  boolean: ["checkbox", "consent"],
  single_select: ["select", "hidden", "short_text"],
  multi_select: ["multi_select"],
  url: ["short_text", "hidden"],
  email: ["email"],
  phone: ["phone", "whatsapp"],
};

/** A custom field as the mapping needs it. */
export interface MappableCustomField {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[] | null;
}

/** A place a form field may fill: value for `mapTo` and its label. */
export interface MapTarget {
  value: string;
  label: string;
}

/** The standard and custom fields a form field of `type` may fill, standard first. */
export function mapTargetsFor(
  type: LeadFormFieldType,
  customFields: readonly MappableCustomField[],
): MapTarget[] {
  const standard = leadFormCustomerTargets
    .filter((t) => standardAccepts[t].includes(type))
    .map((t) => ({ value: t, label: customerFieldLabel(t) }));
  const custom = customFields
    .filter((f) => customAccepts[f.type]?.includes(type))
    .map((f) => ({ value: `custom.${f.key}`, label: f.label }));
  return [...standard, ...custom];
}

/**
 * Why a form field of `type` cannot fill `mapTo`, or null when it can. `customFields` are the business's
 * (a `custom.<key>` that is not among them is refused).
 */
export function mapToProblem(
  type: LeadFormFieldType,
  mapTo: string,
  customFields: readonly MappableCustomField[],
): string | null {
  if (mapTo.startsWith("custom.")) {
    const field = customFields.find((f) => f.key === mapTo.slice("custom.".length));
    if (!field) return "No such custom field; choose another.";
    return customAccepts[field.type]?.includes(type)
      ? null
      : `A ${type.replace("_", " ")} field cannot fill ${field.label}.`;
  }
  const accepts = standardAccepts[mapTo as StandardTarget];
  if (!accepts) return "Choose a customer field.";
  return accepts.includes(type)
    ? null
    : `A ${type.replace("_", " ")} field cannot fill ${customerFieldLabel(mapTo)}.`;
}

/**
 * A form field for a custom field ("add any customer custom field"): the field type that fits it, its
 * label, options and mapping. `key` must be unique in the form (the caller picks a free one).
 */
export function fieldForCustomField(field: MappableCustomField, key: string) {
  const type: LeadFormFieldType =
    field.type === "long_text"
      ? "long_text"
      : field.type === "number" || field.type === "currency"
        ? "number"
        : field.type === "date"
          ? "date"
          : field.type === "boolean"
            ? "checkbox"
            : field.type === "single_select"
              ? "select"
              : field.type === "multi_select"
                ? "multi_select"
                : field.type === "email"
                  ? "email"
                  : field.type === "phone"
                    ? "phone"
                    : "short_text";
  const options =
    type === "select" || type === "multi_select"
      ? (field.options ?? []).map((o) => ({ value: o, label: o }))
      : undefined;
  return {
    key,
    type,
    label: field.label,
    required: false,
    mapTo: `custom.${field.key}`,
    ...(options ? { options } : {}),
  };
}
