import { lifecycleStageLabels } from "@/components/customers/form/labels";
import type { CustomFieldType } from "@/server/domain/custom-fields";
import { customerFieldDefinitions } from "@/server/domain/customer-fields";
import { lifecycleStages } from "@/server/domain/customer-values";
import {
  type BuiltInSegmentField,
  builtInSegmentFields,
  type ConsentState,
  consentStates,
  customFieldSegmentType,
  opsByFieldType,
  type SegmentFieldType,
  type SegmentOp,
} from "@/server/domain/segments";

/*
 * What the rule builder offers: the fields a condition can name (built-in ones in groups, then the
 * business's custom fields), the operators each takes with the words people read, and which kind of value
 * input fits an operator. Pure: the builder's state (builder-state.ts) and its tests read it too.
 */

export const fieldGroups = [
  "Contact",
  "Profile",
  "Dates",
  "Consent",
  "Activity",
  "Purchases",
  "Custom fields",
] as const;
export type FieldGroup = (typeof fieldGroups)[number];

/** A field a condition can name, as the builder shows it. */
export interface RuleField {
  /** The rules' field: a built-in name (`city`) or `custom.<key>`. */
  field: string;
  label: string;
  group: FieldGroup;
  type: SegmentFieldType;
  /** The choices of a single or multi select custom field. */
  options?: readonly string[];
  /** Stored numbers are the typed number times this (an amount in minor units: 100 for INR). */
  scale?: number;
}

const defs = customerFieldDefinitions;

/** Every built-in field, its label and its group (the record makes a new built-in field a type error here). */
const builtInFields: Record<BuiltInSegmentField, { label: string; group: FieldGroup }> = {
  name: { label: defs.name.label, group: "Contact" },
  email: { label: defs.email.label, group: "Contact" },
  phone: { label: defs.phone.label, group: "Contact" },
  whatsapp: { label: defs.whatsapp.label, group: "Contact" },
  company: { label: defs.company.label, group: "Profile" },
  city: { label: defs.city.label, group: "Profile" },
  country: { label: defs.country.label, group: "Profile" },
  source: { label: defs.source.label, group: "Profile" },
  tags: { label: defs.tags.label, group: "Profile" },
  lifecycleStage: { label: defs.lifecycleStage.label, group: "Profile" },
  ownerId: { label: defs.ownerId.label, group: "Profile" },
  dateOfBirth: { label: "Birthday", group: "Dates" },
  anniversary: { label: defs.anniversary.label, group: "Dates" },
  createdAt: { label: "Date added", group: "Dates" },
  "consent.email": { label: defs.emailConsent.label, group: "Consent" },
  "consent.whatsapp": { label: defs.whatsappConsent.label, group: "Consent" },
  "consent.sms": { label: defs.smsConsent.label, group: "Consent" },
  lastActivityAt: { label: "Last activity", group: "Activity" },
  "tasks.open": { label: "Has an open task", group: "Activity" },
  "tasks.overdue": { label: "Has an overdue task", group: "Activity" },
  totalSpent: { label: "Total spent", group: "Purchases" },
  ordersCount: { label: "Number of orders", group: "Purchases" },
  firstPurchaseOn: { label: "First purchase", group: "Purchases" },
  lastPurchaseOn: { label: "Last purchase", group: "Purchases" },
};

/** A custom field as `customFields.list` returns it (the parts the builder reads). */
export interface RuleCustomField {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
}

/**
 * The fields a condition can name, in picker order: built-in fields by group (Contact, Profile, Dates,
 * Consent, Activity), then the business's custom fields in their display order. `currencyDigits`: the
 * business currency's minor-unit digits (2 for INR), which scale amount fields.
 */
export function ruleFields(customFields: readonly RuleCustomField[], currencyDigits = 2): RuleField[] {
  const builtIn = (Object.keys(builtInFields) as BuiltInSegmentField[]).map((field) => ({
    field,
    ...builtInFields[field],
    type: builtInSegmentFields[field] as SegmentFieldType,
    ...(field === "totalSpent" ? { scale: 10 ** currencyDigits } : {}),
  }));
  builtIn.sort((a, b) => fieldGroups.indexOf(a.group) - fieldGroups.indexOf(b.group));
  const custom = customFields.map(
    (f): RuleField => ({
      field: `custom.${f.key}`,
      label: f.label,
      group: "Custom fields",
      type: customFieldSegmentType[f.type],
      ...(f.type === "single_select" || f.type === "multi_select" ? { options: f.options } : {}),
      ...(f.type === "currency" ? { scale: 10 ** currencyDigits } : {}),
    }),
  );
  return [...builtIn, ...custom];
}

const dateTypes: ReadonlySet<SegmentFieldType> = new Set(["instant", "date", "yearly"]);
const listTypes: ReadonlySet<SegmentFieldType> = new Set(["tags", "multi_select"]);

/** The words for an operator on a field of this type ("is", "is after", "has any of"…). */
export function opLabel(op: SegmentOp, type: SegmentFieldType): string {
  const date = dateTypes.has(type);
  const tags = type === "tags";
  switch (op) {
    case "eq":
      return date ? "is on" : "is";
    case "neq":
      return date ? "is not on" : "is not";
    case "contains":
      return "contains";
    case "not_contains":
      return "does not contain";
    case "is_empty":
      if (type === "owner") return "is nobody";
      return tags ? "has no tags" : listTypes.has(type) ? "has none chosen" : "is empty";
    case "is_not_empty":
      if (type === "owner") return "is anyone";
      return tags ? "has any tag" : listTypes.has(type) ? "has any chosen" : "is not empty";
    case "gt":
      return date ? "is after" : "is more than";
    case "gte":
      return date ? "is on or after" : "is at least";
    case "lt":
      return date ? "is before" : "is less than";
    case "lte":
      return date ? "is on or before" : "is at most";
    case "between":
      return "is between";
    case "in":
      return "is any of";
    case "not_in":
      return "is none of";
    case "has_any":
      return "has any of";
    case "has_all":
      return "has all of";
    case "has_none":
      return "has none of";
    case "in_last_days":
      return "in the last N days";
    case "not_in_last_days":
      return "not in the last N days";
    case "in_next_days":
      return "in the next N days";
    case "month_is":
      return "month is";
  }
}

/** The operators a field type takes, in the order the picker lists them. */
export function opsFor(type: SegmentFieldType): readonly SegmentOp[] {
  return opsByFieldType[type];
}

/**
 * The input a condition's value needs:
 * - `none`: the operator takes no value (is empty);
 * - `text`, `number`, `date`: one typed value; `between`: two of `input`;
 * - `days`: a whole number of days; `month`: a month or "this month";
 * - `choice`: one of `choicesFor`; `choices`: several of them (check boxes);
 * - `tags`: tags, with the business's tags suggested; `list`: several typed values of `input`.
 */
export type ValueKind =
  | { kind: "none" }
  | { kind: "text" }
  | { kind: "number" }
  | { kind: "date" }
  | { kind: "between"; input: "number" | "date" }
  | { kind: "days" }
  | { kind: "month" }
  | { kind: "choice" }
  | { kind: "choices" }
  | { kind: "tags" }
  | { kind: "list"; input: "text" | "number" };

const choiceTypes: ReadonlySet<SegmentFieldType> = new Set([
  "stage",
  "consent",
  "owner",
  "select",
  "boolean",
  "flag",
]);

/** The value input for a field type and operator (see `ValueKind`). */
export function valueKind(type: SegmentFieldType, op: SegmentOp): ValueKind {
  const scalar: ValueKind =
    type === "number"
      ? { kind: "number" }
      : dateTypes.has(type)
        ? { kind: "date" }
        : choiceTypes.has(type)
          ? { kind: "choice" }
          : { kind: "text" };
  switch (op) {
    case "is_empty":
    case "is_not_empty":
      return { kind: "none" };
    case "contains":
    case "not_contains":
      return { kind: "text" };
    case "in":
    case "not_in":
      if (choiceTypes.has(type)) return { kind: "choices" };
      return { kind: "list", input: type === "number" ? "number" : "text" };
    case "has_any":
    case "has_all":
    case "has_none":
      return type === "tags" ? { kind: "tags" } : { kind: "choices" };
    case "between":
      return { kind: "between", input: type === "number" ? "number" : "date" };
    case "in_last_days":
    case "not_in_last_days":
    case "in_next_days":
      return { kind: "days" };
    case "month_is":
      return { kind: "month" };
    default:
      return scalar;
  }
}

/** A choice of a `choice` / `choices` value: what the rules store and what people read. */
export interface Choice {
  value: string;
  label: string;
}

/** Consent states as people read them (the same words as the customers list's filters). */
export const consentStateLabels: Record<ConsentState, string> = {
  granted: "Agreed",
  denied: "Declined",
  unknown: "Not asked",
};

/** A member as `members.list` returns them (the parts the owner picker reads). */
export interface RuleMember {
  userId: string;
  name: string | null;
  email: string;
}

/** The choices of a field with a fixed set of values (stage, consent, owner, select, yes/no, multi select). */
export function choicesFor(field: RuleField, members: readonly RuleMember[]): Choice[] {
  switch (field.type) {
    case "stage":
      return lifecycleStages.map((s) => ({ value: s, label: lifecycleStageLabels[s] }));
    case "consent":
      return consentStates.map((s) => ({ value: s, label: consentStateLabels[s] }));
    case "owner":
      return members.map((m) => ({ value: m.userId, label: m.name?.trim() || m.email }));
    case "boolean":
    case "flag":
      return [
        { value: "true", label: "Yes" },
        { value: "false", label: "No" },
      ];
    default:
      return (field.options ?? []).map((o) => ({ value: o, label: o }));
  }
}

export const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
