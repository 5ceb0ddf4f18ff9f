import { z } from "zod";
import { type customFieldTypes, lifecycleStages } from "@/db/schema/enum-values";

/*
 * Why one file (~490 lines): the rules' fields, operators, value shapes, checker, presets and API inputs
 * are one contract that the compiler, the builder UI and the REST documents read together.
 *
 * Segment rules: the JSON a segment stores and the public API accepts.
 *
 *   { "match": "all" | "any", "conditions": [ condition | group ] }
 *   condition = { "field": "tags", "op": "has_any", "value": ["vip"] }
 *
 * Which operators a field takes depends on its type (built-in fields below; `custom.<key>` by the custom
 * field's type), and the operator decides the value's shape. `parseSegmentRules` checks all of it and names
 * the path of each mistake the way the API reports it (`conditions[1].conditions[0].op`).
 */

export const segmentOps = [
  "eq",
  "neq",
  "contains",
  "not_contains",
  "is_empty",
  "is_not_empty",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "not_in",
  "has_any",
  "has_all",
  "has_none",
  "in_last_days",
  "not_in_last_days",
  "in_next_days",
  "month_is",
] as const;
export type SegmentOp = (typeof segmentOps)[number];

/**
 * What a field holds, which decides its operators:
 * - `text`: free text, compared case-insensitively; `phone`: E.164, compared by digits;
 * - `tags`, `multi_select`: lists of labels; `select`: one label;
 * - `stage`: a lifecycle stage; `owner`: a user id or none; `consent`: granted / denied / unknown;
 * - `instant`: a moment (created, last activity), `date`: a calendar date (custom date fields),
 *   `yearly`: a calendar date that recurs every year (birthday, anniversary);
 * - `number`, `boolean`;
 * - `flag`: a yes/no fact about the customer's records (has an open task), only ever `eq` true or false.
 */
export type SegmentFieldType =
  | "text"
  | "phone"
  | "tags"
  | "select"
  | "multi_select"
  | "stage"
  | "owner"
  | "consent"
  | "instant"
  | "date"
  | "yearly"
  | "number"
  | "boolean"
  | "flag";

/** The built-in fields a condition may name, with their types. */
export const builtInSegmentFields = {
  name: "text",
  email: "text",
  phone: "phone",
  whatsapp: "phone",
  company: "text",
  city: "text",
  country: "text",
  source: "text",
  tags: "tags",
  lifecycleStage: "stage",
  ownerId: "owner",
  createdAt: "instant",
  lastActivityAt: "instant",
  dateOfBirth: "yearly",
  anniversary: "yearly",
  "consent.email": "consent",
  "consent.whatsapp": "consent",
  "consent.sms": "consent",
  /** Has a task that is open or in progress. */
  "tasks.open": "flag",
  /** Has an open or in-progress task whose due time has passed. */
  "tasks.overdue": "flag",
  /** Sum of purchases in the business's currency, minor units (paise, cents). */
  totalSpent: "number",
  /** Number of purchases (orders). */
  ordersCount: "number",
  firstPurchaseOn: "date",
  lastPurchaseOn: "date",
} as const satisfies Record<string, SegmentFieldType>;
export type BuiltInSegmentField = keyof typeof builtInSegmentFields;

const textOps = [
  "eq",
  "neq",
  "contains",
  "not_contains",
  "is_empty",
  "is_not_empty",
  "in",
  "not_in",
] as const;
const listOps = ["has_any", "has_all", "has_none", "is_empty", "is_not_empty"] as const;
const choiceOps = ["eq", "neq", "in", "not_in", "is_empty", "is_not_empty"] as const;
const rangeOps = ["eq", "neq", "gt", "gte", "lt", "lte", "between", "is_empty", "is_not_empty"] as const;

/** The operators each field type takes. */
export const opsByFieldType: Record<SegmentFieldType, readonly SegmentOp[]> = {
  text: textOps,
  phone: ["eq", "neq", "contains", "not_contains", "is_empty", "is_not_empty", "in", "not_in"],
  tags: listOps,
  multi_select: listOps,
  select: choiceOps,
  stage: ["eq", "neq", "in", "not_in"],
  owner: choiceOps,
  consent: ["eq", "neq", "in", "not_in"],
  instant: ["gt", "gte", "lt", "lte", "between", "in_last_days", "not_in_last_days"],
  date: [...rangeOps, "in_last_days", "not_in_last_days", "in_next_days", "month_is"],
  yearly: [...rangeOps, "in_next_days", "month_is"],
  number: [...rangeOps, "in", "not_in"],
  boolean: ["eq", "neq", "is_empty", "is_not_empty"],
  flag: ["eq"],
};

/** The segment field type of a custom field type. */
export const customFieldSegmentType: Record<(typeof customFieldTypes)[number], SegmentFieldType> = {
  text: "text",
  long_text: "text",
  url: "text",
  email: "text",
  phone: "text",
  number: "number",
  currency: "number",
  date: "date",
  boolean: "boolean",
  single_select: "select",
  multi_select: "multi_select",
};

export const consentStates = ["granted", "denied", "unknown"] as const;
export type ConsentState = (typeof consentStates)[number];

/** Limits that keep a rule set cheap to check and to run. */
export const SEGMENT_LIMITS = {
  /** Groups inside groups below the top level. */
  depth: 5,
  /** Conditions and groups in the whole rule set. */
  nodes: 200,
  /** Values in one `in` / `has_any` list. */
  listValues: 500,
  text: 200,
  days: 3660,
} as const;

export interface SegmentCondition {
  field: string;
  op: SegmentOp;
  value?: unknown;
}
export interface SegmentGroup {
  match: "all" | "any";
  conditions: SegmentNode[];
}
export type SegmentNode = SegmentCondition | SegmentGroup;
/** Rules: the top-level group. An empty `conditions` list matches every customer. */
export type SegmentRules = SegmentGroup;

/** Whether a node is a group (has `conditions`) rather than a condition. */
export function isSegmentGroup(node: SegmentNode): node is SegmentGroup {
  return Array.isArray((node as SegmentGroup).conditions);
}

/** A custom field as the rules see it: its key and its type. */
export interface SegmentCustomField {
  key: string;
  type: (typeof customFieldTypes)[number];
}

const isoDate = z.iso.date();
const isoInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const days = z.number().int().min(0).max(SEGMENT_LIMITS.days);
// Postgres text cannot hold NUL, so such a value is refused here rather than failing in the database.
const noNul = (s: string) => !s.includes("\u0000");
const nulMessage = "Text cannot contain NUL characters.";
const label = z.string().trim().min(1).max(SEGMENT_LIMITS.text).refine(noNul, nulMessage);
const textValue = z.string().trim().min(1).max(SEGMENT_LIMITS.text).refine(noNul, nulMessage);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(SEGMENT_LIMITS.listValues);

/** The single value a field type compares with (eq, neq, gt …, and each item of in / not_in). */
function scalarValue(type: SegmentFieldType): z.ZodType {
  switch (type) {
    case "text":
    case "phone":
    case "select":
    case "owner":
      return textValue;
    case "stage":
      return z.enum(lifecycleStages);
    case "consent":
      return z.enum(consentStates);
    case "instant":
      return isoInstant;
    case "date":
    case "yearly":
      return isoDate;
    case "number":
      return z.number().finite();
    case "boolean":
    case "flag":
      return z.boolean();
    case "tags":
    case "multi_select":
      return label;
  }
}

/**
 * The schema of a condition's `value` for this field type and operator; `null` when the operator takes
 * no value. `between` takes `[from, to]` (both inclusive), day counts are whole days (0–3660), `month_is`
 * a month 1–12 or `"current"` (the month it is now in the business's time zone).
 */
export function segmentValueSchema(type: SegmentFieldType, op: SegmentOp): z.ZodType | null {
  switch (op) {
    case "is_empty":
    case "is_not_empty":
      return null;
    case "contains":
    case "not_contains":
      return textValue;
    case "in":
    case "not_in":
      return list(scalarValue(type));
    case "has_any":
    case "has_all":
    case "has_none":
      return list(label);
    case "between":
      return z.tuple([scalarValue(type), scalarValue(type)]);
    case "in_last_days":
    case "not_in_last_days":
    case "in_next_days":
      return days;
    case "month_is":
      return z.union([z.number().int().min(1).max(12), z.literal("current")]);
    default:
      return scalarValue(type);
  }
}

/** The type of a condition's field, or `undefined` for a field the business does not have. */
export function segmentFieldType(
  field: string,
  customFields: readonly SegmentCustomField[],
): SegmentFieldType | undefined {
  if (Object.hasOwn(builtInSegmentFields, field)) {
    return builtInSegmentFields[field as BuiltInSegmentField];
  }
  if (field.startsWith("custom.")) {
    const def = customFields.find((f) => f.key === field.slice("custom.".length));
    return def ? customFieldSegmentType[def.type] : undefined;
  }
  return undefined;
}

/** Errors by path (`conditions[0].value`), as the API's field errors report them. */
export type SegmentRuleErrors = Record<string, string>;

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks untrusted rules against the business's custom fields. Input: any JSON value. Output:
 * `{ rules }` (values trimmed and typed as their schemas say) or `{ errors }` naming each mistake by path:
 * an unknown field, an operator the field's type does not take, a value of the wrong shape, too deep
 * (more than `SEGMENT_LIMITS.depth` nested groups) or too large (more than `SEGMENT_LIMITS.nodes`).
 */
export function parseSegmentRules(
  raw: unknown,
  customFields: readonly SegmentCustomField[],
): { rules: SegmentRules; errors?: undefined } | { rules?: undefined; errors: SegmentRuleErrors } {
  const errors: SegmentRuleErrors = {};
  let nodes = 0;

  const group = (value: unknown, path: string, depth: number): SegmentGroup | undefined => {
    if (!isPlainObject(value)) {
      errors[path || "rules"] = "Expected a group: { match, conditions }.";
      return undefined;
    }
    if (depth > SEGMENT_LIMITS.depth) {
      errors[path] = `Groups nest at most ${SEGMENT_LIMITS.depth} levels deep.`;
      return undefined;
    }
    const match = value.match ?? "all";
    if (match !== "all" && match !== "any") errors[at(path, "match")] = 'Use "all" or "any".';
    if (!Array.isArray(value.conditions)) {
      errors[at(path, "conditions")] = "Expected a list of conditions.";
      return undefined;
    }
    if (depth > 0 && value.conditions.length === 0) {
      errors[at(path, "conditions")] = "A group needs at least one condition.";
    }
    const out: SegmentNode[] = [];
    for (const [i, item] of value.conditions.entries()) {
      nodes += 1;
      if (nodes > SEGMENT_LIMITS.nodes) {
        errors[at(path, `conditions[${i}]`)] =
          `A segment holds at most ${SEGMENT_LIMITS.nodes} conditions and groups.`;
        return undefined;
      }
      const itemPath = `${at(path, "conditions")}[${i}]`;
      const node =
        isPlainObject(item) && "conditions" in item
          ? group(item, itemPath, depth + 1)
          : condition(item, itemPath);
      if (node) out.push(node);
    }
    return { match: match === "any" ? "any" : "all", conditions: out };
  };

  const condition = (value: unknown, path: string): SegmentCondition | undefined => {
    if (!isPlainObject(value)) {
      errors[path] = "Expected a condition: { field, op, value }.";
      return undefined;
    }
    const { field, op } = value;
    if (typeof field !== "string") {
      errors[at(path, "field")] = "Name a field.";
      return undefined;
    }
    const type = segmentFieldType(field, customFields);
    if (!type) {
      errors[at(path, "field")] = field.startsWith("custom.")
        ? `This business has no custom field "${field.slice(7)}".`
        : `Unknown field "${field}".`;
      return undefined;
    }
    if (typeof op !== "string" || !(segmentOps as readonly string[]).includes(op)) {
      errors[at(path, "op")] = `Unknown operator. Use one of: ${opsByFieldType[type].join(", ")}.`;
      return undefined;
    }
    if (!opsByFieldType[type].includes(op as SegmentOp)) {
      errors[at(path, "op")] =
        `"${op}" does not apply to ${field} (${type}). Use one of: ${opsByFieldType[type].join(", ")}.`;
      return undefined;
    }
    const schema = segmentValueSchema(type, op as SegmentOp);
    if (!schema) return { field, op: op as SegmentOp };
    const parsed = schema.safeParse(value.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${at(path, "value")}[${issue.path.join("][")}]` : at(path, "value");
      errors[where] =
        value.value === undefined ? `"${op}" needs a value.` : (issue?.message ?? "Invalid value.");
      return undefined;
    }
    if (op === "between") {
      const [from, to] = parsed.data as [unknown, unknown];
      if (typeof from === typeof to && (from as number | string) > (to as number | string)) {
        errors[at(path, "value")] = "The range ends before it starts.";
        return undefined;
      }
    }
    return { field, op: op as SegmentOp, value: parsed.data };
  };

  const rules = group(raw, "", 0);
  if (!rules || Object.keys(errors).length) {
    return { errors: Object.keys(errors).length ? errors : { rules: "Invalid rules." } };
  }
  return { rules };
}

/**
 * The segments every business starts with (created with the business; existing businesses got them in
 * migration 0011). `preset` identifies them; owners may rename, change or delete them like any other.
 */
export const presetSegments: readonly {
  preset: string;
  name: string;
  description: string;
  rules: SegmentRules;
}[] = [
  {
    preset: "new",
    name: "New",
    description: "Added in the last 7 days.",
    rules: { match: "all", conditions: [{ field: "createdAt", op: "in_last_days", value: 7 }] },
  },
  {
    preset: "inactive",
    name: "Inactive",
    description: "No activity for 30 days.",
    rules: { match: "all", conditions: [{ field: "lastActivityAt", op: "not_in_last_days", value: 30 }] },
  },
  {
    preset: "birthdays_this_month",
    name: "Birthdays this month",
    description: "Their birthday falls in the current month.",
    rules: { match: "all", conditions: [{ field: "dateOfBirth", op: "month_is", value: "current" }] },
  },
  {
    preset: "email_reachable",
    name: "Email-reachable",
    description: "Have an email address and have not refused email.",
    rules: {
      match: "all",
      conditions: [
        { field: "email", op: "is_not_empty" },
        { field: "consent.email", op: "neq", value: "denied" },
      ],
    },
  },
  {
    preset: "whatsapp_reachable",
    name: "WhatsApp-reachable",
    description: "Have a WhatsApp number and opted in to WhatsApp.",
    rules: {
      match: "all",
      conditions: [
        { field: "whatsapp", op: "is_not_empty" },
        { field: "consent.whatsapp", op: "eq", value: "granted" },
      ],
    },
  },
];

/** Largest rules object, in characters of JSON. */
export const SEGMENT_RULES_MAX_CHARS = 50_000;

/**
 * Rules as the API takes them: the top-level group; each condition or nested group is checked by
 * `parseSegmentRules` against the business's fields (errors name the path, e.g.
 * `rules.conditions[1].conditions[0].op`).
 */
export const segmentRulesInput = z
  .object({
    match: z.enum(["all", "any"]).default("all"),
    conditions: z.array(z.unknown()).max(SEGMENT_LIMITS.nodes),
  })
  .refine((r) => JSON.stringify(r).length <= SEGMENT_RULES_MAX_CHARS, "These rules are too large.")
  .describe(
    'Conditions `{ field, op, value? }` and nested groups `{ match, conditions }`. Fields: name, email, phone, whatsapp, company, city, country, source, tags, lifecycleStage, ownerId, createdAt, lastActivityAt, dateOfBirth, anniversary, consent.email, consent.whatsapp, consent.sms, tasks.open, tasks.overdue (eq true/false), totalSpent (minor units), ordersCount, firstPurchaseOn, lastPurchaseOn, custom.<key>. Operators: eq, neq, contains, not_contains, is_empty, is_not_empty, gt, gte, lt, lte, between ([from, to]), in, not_in, has_any, has_all, has_none, in_last_days, not_in_last_days, in_next_days (days), month_is (1-12 or "current").',
  );

const segmentName = z.string().trim().min(1, "Name the segment.").max(80, "Use at most 80 characters.");
const segmentDescription = z.string().trim().max(500, "Use at most 500 characters.");

export const createSegmentInput = z.object({
  name: segmentName,
  description: segmentDescription.nullish(),
  rules: segmentRulesInput,
});
export type CreateSegmentInput = z.output<typeof createSegmentInput>;

export const updateSegmentInput = z.object({
  segmentId: z.uuid(),
  name: segmentName.optional(),
  description: segmentDescription.nullish(),
  rules: segmentRulesInput.optional(),
});
export type UpdateSegmentInput = z.output<typeof updateSegmentInput>;

export const segmentIdInput = z.object({ segmentId: z.uuid() });

/** Live preview of rules: how many customers match and the first `limit` (newest first). */
export const previewSegmentInput = z.object({
  rules: segmentRulesInput,
  limit: z.number().int().min(0).max(50).default(20),
});

export const segmentOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  rules: z.object({ match: z.enum(["all", "any"]), conditions: z.array(z.unknown()) }),
  /** Which built-in segment this started as (`new`, `inactive`, …); null for the business's own. */
  preset: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SegmentOutput = z.infer<typeof segmentOutput>;
