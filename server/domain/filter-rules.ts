import type { CustomerFilter, CustomFieldFilter } from "./customers";
import {
  customFieldSegmentType,
  type SegmentCondition,
  type SegmentCustomField,
  type SegmentFieldType,
  type SegmentNode,
  type SegmentRules,
} from "./segments";

/*
 * The customers list's filter is the one-group case of segment rules: each condition the filter sheet sets
 * becomes a condition of one "all" group, and segment-where.ts compiles it like any segment. What stays
 * outside the rules is what is not a condition on a customer's fields: `search` (words across name, email
 * and phone digits), `deleted` (live customers or the Trash), `needsReview` (an import's warnings), and
 * `segmentId` / `rules`, which the list ANDs in beside this group.
 */

/** Errors by the filter's own path (`filter.customFields[0].op`), as the list and REST report them. */
export type FilterRuleErrors = Record<string, string>;

type Converted = { node: SegmentNode; error?: undefined } | { node?: undefined; error: string };

/** One custom field condition of the list as a rule condition, by the field's type. */
function customFieldRule(f: CustomFieldFilter, type: SegmentFieldType): Converted {
  const field = `custom.${f.key}`;
  const cond = (op: SegmentCondition["op"], value?: unknown): Converted => ({
    node: value === undefined ? { field, op } : { field, op, value },
  });
  const valueFits = (v: unknown) =>
    type === "number"
      ? typeof v === "number"
      : type === "boolean"
        ? typeof v === "boolean"
        : typeof v === "string";
  switch (f.op) {
    case "isSet":
      return cond("is_not_empty");
    case "isEmpty":
      return cond("is_empty");
    case "contains":
      return type === "text" ? cond("contains", f.value) : { error: "“Contains” applies to text fields." };
    case "equals":
      if (!valueFits(f.value)) return { error: `This field holds ${type} values.` };
      return type === "multi_select" ? cond("has_any", [f.value]) : cond("eq", f.value);
    case "anyOf":
      if (type === "boolean" || type === "date" || !f.values.every(valueFits)) {
        return { error: `“Any of” does not apply to this ${type} field.` };
      }
      return type === "multi_select" ? cond("has_any", f.values) : cond("in", f.values);
    case "between": {
      if (type !== "number" && type !== "date")
        return { error: "A range applies to number and date fields." };
      const bounds = [f.from, f.to].filter((b) => b !== undefined);
      if (!bounds.every((b) => (type === "number" ? typeof b === "number" : typeof b === "string"))) {
        return { error: `This field holds ${type === "number" ? "numbers" : "dates (YYYY-MM-DD)"}.` };
      }
      if (f.from !== undefined && f.to !== undefined) return cond("between", [f.from, f.to]);
      if (f.from !== undefined) return cond("gte", f.from);
      if (f.to !== undefined) return cond("lte", f.to);
      return cond("is_not_empty");
    }
  }
}

/**
 * The list filter's conditions as segment rules (one "all" group; empty when the filter sets none).
 * Input: a checked filter (`customerFilterInput`) and the business's custom fields. Output: `{ rules }`, or
 * `{ errors }` keyed by the filter's path for a custom field the business does not have or a condition its
 * type does not take (`filter.customFields[0].key`, `filter.customFields[0].op`).
 */
export function filterAsRules(
  filter: CustomerFilter,
  customFields: readonly SegmentCustomField[],
): { rules: SegmentRules; errors?: undefined } | { rules?: undefined; errors: FilterRuleErrors } {
  const all: SegmentNode[] = [];
  const add = (field: string, op: SegmentCondition["op"], value?: unknown) =>
    all.push(value === undefined ? { field, op } : { field, op, value });

  if (filter.tags?.any?.length) add("tags", "has_any", filter.tags.any);
  if (filter.tags?.all?.length) add("tags", "has_all", filter.tags.all);
  if (filter.tags?.none?.length) add("tags", "has_none", filter.tags.none);
  if (filter.sources?.length) add("source", "in", filter.sources);
  if (filter.lifecycleStages?.length) add("lifecycleStage", "in", filter.lifecycleStages);
  if (filter.ownerIds?.length && filter.unassigned) {
    all.push({
      match: "any",
      conditions: [
        { field: "ownerId", op: "in", value: filter.ownerIds },
        { field: "ownerId", op: "is_empty" },
      ],
    });
  } else if (filter.ownerIds?.length) {
    add("ownerId", "in", filter.ownerIds);
  } else if (filter.unassigned) {
    add("ownerId", "is_empty");
  }
  for (const [field, want] of [
    ["email", filter.hasEmail],
    ["phone", filter.hasPhone],
    ["whatsapp", filter.hasWhatsapp],
  ] as const) {
    if (want !== undefined) add(field, want ? "is_not_empty" : "is_empty");
  }
  for (const channel of ["email", "whatsapp", "sms"] as const) {
    const state = filter.consent?.[channel];
    if (state) add(`consent.${channel}`, "eq", state);
  }
  for (const [field, window] of [
    ["dateOfBirth", filter.birthday],
    ["anniversary", filter.anniversary],
  ] as const) {
    if (!window) continue;
    if (window.within === "this_month") add(field, "month_is", "current");
    else add(field, "in_next_days", window.days);
  }
  for (const [field, range] of [
    ["createdAt", filter.created],
    ["lastActivityAt", filter.lastActivity],
  ] as const) {
    if (range?.from && range.to) add(field, "between", [range.from, range.to]);
    else if (range?.from) add(field, "gte", range.from);
    else if (range?.to) add(field, "lte", range.to);
  }

  const errors: FilterRuleErrors = {};
  for (const [i, f] of (filter.customFields ?? []).entries()) {
    const def = customFields.find((d) => d.key === f.key);
    if (!def) {
      errors[`filter.customFields[${i}].key`] = `This business has no custom field "${f.key}".`;
      continue;
    }
    const converted = customFieldRule(f, customFieldSegmentType[def.type]);
    if (converted.error !== undefined) errors[`filter.customFields[${i}].op`] = converted.error;
    else all.push(converted.node);
  }
  if (Object.keys(errors).length) return { errors };
  return { rules: { match: "all", conditions: all } };
}
