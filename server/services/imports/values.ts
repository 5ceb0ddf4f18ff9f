import { customerFieldDefinitions, plainTextFields } from "@/server/domain/customer-fields";
import { monthDay, phoneDigits } from "@/server/services/customers/fields";
import { textArrayLiteral } from "./pg-array";
import type { CustomerCandidate } from "./types";

/**
 * Customer values an import writes: the SQL of the customer columns (insert, update, unnest, restore on undo), and how a candidate merges into an existing customer under a duplicate policy.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export type Kind = "text" | "textArray" | "stage" | "date" | "int" | "bool" | "time" | "json";

/**
 * The customer columns an import writes: TS key, SQL column, kind. The plain text fields come from the
 * field definition (`customer-fields.ts`); the rest have rules of their own (phones and their digits,
 * tags, stage, dates and their month-day, consents, custom fields and kept invalid values).
 */
export const columns: readonly (readonly [string, string, Kind])[] = [
  ["name", "name", "text"],
  ["email", "email", "text"],
  ["phone", "phone", "text"],
  ["whatsapp", "whatsapp", "text"],
  ["phoneDigits", "phone_digits", "text"],
  ...plainTextFields.map((k) => [k, customerFieldDefinitions[k].column, "text"] as const),
  ["tags", "tags", "textArray"],
  ["lifecycleStage", "lifecycle_stage", "stage"],
  ["dateOfBirth", "date_of_birth", "date"],
  ["anniversary", "anniversary", "date"],
  ["birthdayMd", "birthday_md", "int"],
  ["anniversaryMd", "anniversary_md", "int"],
  ["emailConsent", "email_consent", "bool"],
  ["emailConsentAt", "email_consent_at", "time"],
  ["emailConsentSource", "email_consent_source", "text"],
  ["whatsappConsent", "whatsapp_consent", "bool"],
  ["whatsappConsentAt", "whatsapp_consent_at", "time"],
  ["whatsappConsentSource", "whatsapp_consent_source", "text"],
  ["smsConsent", "sms_consent", "bool"],
  ["smsConsentAt", "sms_consent_at", "time"],
  ["smsConsentSource", "sms_consent_source", "text"],
  ["customFields", "custom_fields", "json"],
  ["invalidValues", "invalid_values", "json"],
];

export const recordType: Record<Kind, string> = {
  text: "text",
  textArray: "text[]",
  stage: "text",
  date: "date",
  int: "int",
  bool: "boolean",
  time: "timestamptz",
  json: "jsonb",
};

/** `r(id uuid, line int, name text, …)`: the record shape of the JSON a batch sends. */
export const recordDefinition = `id uuid, ${columns.map(([, col, kind]) => `${col} ${recordType[kind]}`).join(", ")}`;

export function valueExpression(col: string, kind: Kind): string {
  if (kind === "stage") return `coalesce(r.${col}, 'lead')::lifecycle_stage`;
  if (kind === "textArray") return `coalesce(r.${col}, '{}'::text[])`;
  if (kind === "json") return `coalesce(r.${col}, '{}'::jsonb)`;
  if (col === "phone_digits") return `coalesce(r.${col}, '')`;
  return `r.${col}`;
}

export const insertColumns = columns.map(([, col]) => col).join(", ");
export const updateAssignments = columns
  .map(([, col, kind]) => `${col} = ${valueExpression(col, kind)}`)
  .join(", ");

export function previousExpression(key: string, col: string, kind: Kind): string {
  const p = `ic.previous->>'${key}'`;
  let value: string;
  switch (kind) {
    case "textArray":
      value = `coalesce(array(select jsonb_array_elements_text(ic.previous->'${key}')), '{}'::text[])`;
      break;
    case "json":
      value = `coalesce(ic.previous->'${key}', '{}'::jsonb)`;
      break;
    case "stage":
      value = `coalesce((${p})::lifecycle_stage, c.${col})`;
      break;
    case "date":
      value = `(${p})::date`;
      break;
    case "int":
      value = `(${p})::int`;
      break;
    case "bool":
      value = `(${p})::boolean`;
      break;
    case "time":
      value = `(${p})::timestamptz`;
      break;
    default:
      value = col === "phone_digits" || col === "name" ? `coalesce(${p}, c.${col})` : p;
  }
  return `${col} = case when ic.previous->'${key}' is not null then ${value} else c.${col} end`;
}

/**
 * Created customers travel as one text-array parameter per column (`unnest($1::text[], …)`): each value
 * as text (tags as an array literal, custom fields as JSON), cast back here.
 */
export function unnestExpression(col: string, kind: Kind): string {
  const v = `r.${col}`;
  switch (kind) {
    case "stage":
      return `coalesce(${v}, 'lead')::lifecycle_stage`;
    case "textArray":
      return `coalesce(${v}::text[], '{}'::text[])`;
    case "json":
      return `coalesce(${v}::jsonb, '{}'::jsonb)`;
    case "date":
      return `${v}::date`;
    case "int":
      return `${v}::int`;
    case "bool":
      return `${v}::boolean`;
    case "time":
      return `${v}::timestamptz`;
    default:
      return col === "phone_digits" ? `coalesce(${v}, '')` : v;
  }
}

export const unnestValues = columns.map(([, col, kind]) => unnestExpression(col, kind)).join(", ");
/** `r(id, note, name, email, …)`: the columns unnest spreads, in parameter order. */
export const unnestAlias = `r(id, note, ${columns.map(([, col]) => col).join(", ")})`;

/** One column value as the text the unnest path sends. */
export function asText(value: unknown, kind: Kind): string | null {
  if (value === null || value === undefined) return null;
  if (kind === "textArray") return textArrayLiteral(value as string[]);
  if (kind === "json") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export const restoreAssignments = columns
  .map(([key, col, kind]) => previousExpression(key, col, kind))
  .join(", ");

export type Values = Record<string, unknown>;

export const CONSENT_SOURCE = "import";

/** A candidate as a new customer's values (name falls back to email, then phone). */
export function newCustomerValues(c: CustomerCandidate): Values {
  // A consent is never guessed: without a yes/no cell it stays null. A consentAt cell alone is kept as
  // the time (and source) on every channel, so the file's information is not lost.
  const consent = (given: boolean | null) =>
    given === null
      ? [null, c.consentAt, c.consentAt ? CONSENT_SOURCE : null]
      : [given, c.consentAt, CONSENT_SOURCE];
  const [emailConsent, emailConsentAt, emailConsentSource] = consent(c.emailConsent);
  const [whatsappConsent, whatsappConsentAt, whatsappConsentSource] = consent(c.whatsappConsent);
  const [smsConsent, smsConsentAt, smsConsentSource] = consent(c.smsConsent);
  const values: Values = {
    name: c.name ?? c.email ?? c.phone ?? "",
    email: c.email,
    phone: c.phone,
    whatsapp: c.whatsapp,
    phoneDigits: phoneDigits(c.phone, c.whatsapp),
    tags: c.tags,
    lifecycleStage: c.lifecycleStage,
    dateOfBirth: c.dateOfBirth,
    anniversary: c.anniversary,
    birthdayMd: monthDay(c.dateOfBirth),
    anniversaryMd: monthDay(c.anniversary),
    emailConsent,
    emailConsentAt,
    emailConsentSource,
    whatsappConsent,
    whatsappConsentAt,
    whatsappConsentSource,
    smsConsent,
    smsConsentAt,
    smsConsentSource,
    customFields: c.customFields,
    invalidValues: c.invalidValues,
  };
  for (const k of plainTextFields) values[k] = c[k];
  return values;
}

export const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    Object.keys(v as object).length === 0);

export const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
export const same = (a: unknown, b: unknown) =>
  JSON.stringify(plain(a) ?? null) === JSON.stringify(plain(b) ?? null);

/** Groups of fields that change together (a phone and its extension; a consent, its time and source). */
export const mergeGroups: readonly (readonly string[])[] = [
  ["name"],
  ["email"],
  ["phone", "phoneExtension"],
  ["whatsapp"],
  ["company"],
  ["addressLine1"],
  ["addressLine2"],
  ["city"],
  ["state"],
  ["postalCode"],
  ["country"],
  ["source"],
  ["tags"],
  ["lifecycleStage"],
  ["dateOfBirth"],
  ["anniversary"],
  ["emailConsent", "emailConsentAt", "emailConsentSource"],
  ["whatsappConsent", "whatsappConsentAt", "whatsappConsentSource"],
  ["smsConsent", "smsConsentAt", "smsConsentSource"],
  ["externalId"],
];

/**
 * Merges a candidate into an existing customer. `fill`: only empty fields are set (custom fields per
 * key); `overwrite`: every value the row has replaces the customer's (empty cells never clear a value).
 * Output: the full next values, and the previous values of the fields that changed (null when none).
 */
export function mergeInto(existing: Values, c: CustomerCandidate, policy: "fill" | "overwrite") {
  const incoming = newCustomerValues(c);
  incoming.name = c.name;
  const next: Values = { ...existing };
  const previous: Values = {};
  const set = (key: string, value: unknown) => {
    if (same(next[key], value)) return;
    if (!(key in previous)) previous[key] = plain(existing[key]) ?? null;
    next[key] = value;
  };
  for (const group of mergeGroups) {
    const lead = group[0]!;
    if (isEmpty(incoming[lead])) continue;
    // lifecycle_stage always has a value: only `overwrite` changes it.
    if (policy === "fill" && (lead === "lifecycleStage" || !isEmpty(existing[lead]))) continue;
    for (const key of group) set(key, incoming[key]);
  }
  const customIncoming = c.customFields;
  if (Object.keys(customIncoming).length > 0) {
    const current = (existing.customFields ?? {}) as Record<string, unknown>;
    const merged = { ...current };
    for (const [key, value] of Object.entries(customIncoming))
      if (policy === "overwrite" || isEmpty(current[key])) merged[key] = value;
    set("customFields", merged);
  }
  // Values a row gave that did not validate are kept beside the customer's own (never replacing them).
  if (Object.keys(c.invalidValues).length > 0)
    set("invalidValues", { ...c.invalidValues, ...((existing.invalidValues ?? {}) as Values) });
  if ("phone" in previous || "whatsapp" in previous)
    set("phoneDigits", phoneDigits(next.phone as string | null, next.whatsapp as string | null));
  if ("dateOfBirth" in previous) set("birthdayMd", monthDay(next.dateOfBirth as string | null));
  if ("anniversary" in previous) set("anniversaryMd", monthDay(next.anniversary as string | null));
  return { next, previous: Object.keys(previous).length > 0 ? previous : null };
}

export function toRecord(id: string, values: Values): Record<string, unknown> {
  const record: Record<string, unknown> = { id };
  for (const [key, col] of columns) record[col] = plain(values[key]) ?? null;
  return record;
}

export const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A plain-text notes cell as the sanitised HTML notes hold: one paragraph, line breaks kept. */
export function noteHtml(text: string): string {
  return `<p>${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>`;
}
