/*
 * Why one file: a custom field's definition, its typed value rules and its changes (rename, retype,
 * options) must agree; they are one service.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { businesses, customers, customFields } from "@/db/schema";
import type { CustomFieldValues } from "@/db/schema/customers";
import {
  type CreateCustomFieldInput,
  CUSTOM_FIELDS_MAX,
  CUSTOM_LONG_TEXT_MAX,
  CUSTOM_TEXT_MAX,
  isSelectType,
  type UpdateCustomFieldInput,
} from "@/server/domain/custom-fields";
import { toE164 } from "@/server/domain/phone";
import { AppError, type FieldErrors } from "@/server/errors";
import { withBusinessLock } from "@/server/services/businesses/limits";

export type CustomField = typeof customFields.$inferSelect;

interface Actor {
  businessId: string;
  userId: string | null;
}

/** Longest derived key, in characters. */
const KEY_MAX = 40;

/**
 * Derives a field key from its label: ASCII letters, digits and `_`, lower case, starting with a letter,
 * at most 40 characters ("Date of joining" → `date_of_joining`, "Café visits" → `cafe_visits`,
 * "2nd phone" → `f_2nd_phone`). A label with no Latin letters or digits gives `field`.
 */
export function customFieldKey(label: string): string {
  const base = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  let key = base || "field";
  if (!/^[a-z]/.test(key)) key = `f_${key}`;
  return key.slice(0, KEY_MAX).replace(/_+$/, "");
}

/** A business's custom fields in display order. */
export async function listCustomFields(db: DbOrTx, businessId: string): Promise<CustomField[]> {
  return db
    .select()
    .from(customFields)
    .where(eq(customFields.businessId, businessId))
    .orderBy(asc(customFields.position), asc(customFields.createdAt), asc(customFields.id));
}

/** One custom field of the business. Errors: NOT_FOUND when it is not this business's. */
export async function getCustomField(db: DbOrTx, businessId: string, customFieldId: string) {
  const [row] = await db
    .select()
    .from(customFields)
    .where(and(eq(customFields.businessId, businessId), eq(customFields.id, customFieldId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/**
 * Defines a custom field, placed last. The key is derived from the label (`customFieldKey`) and made
 * unique in the business with a numeric suffix (`size`, `size_2`); it never changes afterwards.
 * Options are kept only for select types. Errors: CONFLICT on `label` when the business already has a
 * field with that label (case-insensitive); VALIDATION when the business has `CUSTOM_FIELDS_MAX` fields.
 */
export async function createCustomField(db: Db, actor: Actor, input: CreateCustomFieldInput) {
  // The cap is checked under the business's lock, so parallel creations cannot pass it together.
  return withBusinessLock(db, actor.businessId, (tx) => insertCustomField(tx, actor, input));
}

async function insertCustomField(db: DbOrTx, actor: Actor, input: CreateCustomFieldInput) {
  const existing = await db
    .select({ key: customFields.key, label: customFields.label, position: customFields.position })
    .from(customFields)
    .where(eq(customFields.businessId, actor.businessId));
  if (existing.length >= CUSTOM_FIELDS_MAX) {
    throw new AppError("VALIDATION", `A business can have at most ${CUSTOM_FIELDS_MAX} custom fields.`);
  }
  if (existing.some((f) => f.label.toLowerCase() === input.label.toLowerCase())) {
    throw new AppError("CONFLICT", "A field with this name already exists.", {
      label: "A field with this name already exists.",
    });
  }
  const taken = new Set(existing.map((f) => f.key));
  const base = customFieldKey(input.label);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base.slice(0, KEY_MAX - String(n).length - 1)}_${n}`;
  const position = existing.reduce((max, f) => Math.max(max, f.position + 1), 0);
  try {
    const [row] = await db
      .insert(customFields)
      .values({
        businessId: actor.businessId,
        key,
        label: input.label,
        type: input.type,
        options: isSelectType(input.type) ? (input.options ?? []) : [],
        required: input.required ?? false,
        position,
      })
      .returning();
    return row!;
  } catch (e) {
    // Two fields created at once with labels that derive the same key: the unique index decides.
    if (isUniqueViolation(e, "custom_fields_business_id_key_key")) {
      throw new AppError("CONFLICT", "A field with this name was just created. Try again.", {
        label: "A field with this name already exists.",
      });
    }
    throw e;
  }
}

/**
 * Renames a field, changes its options (select types) or whether it is required. The key and type stay.
 * Stored values that use a removed option are kept until the customer is next saved, when they fail
 * validation. Errors: NOT_FOUND; CONFLICT on `label`; VALIDATION on `options` for a select left without
 * options or options given for a non-select field.
 */
export async function updateCustomField(db: Db, actor: Actor, input: UpdateCustomFieldInput) {
  const field = await getCustomField(db, actor.businessId, input.customFieldId);
  const set: Partial<typeof customFields.$inferInsert> = {};
  if (input.label !== undefined && input.label !== field.label) {
    const [clash] = await db
      .select({ id: customFields.id })
      .from(customFields)
      .where(
        and(
          eq(customFields.businessId, actor.businessId),
          sql`lower(${customFields.label}) = ${input.label.toLowerCase()}`,
          sql`${customFields.id} <> ${field.id}`,
        ),
      )
      .limit(1);
    if (clash) {
      throw new AppError("CONFLICT", "A field with this name already exists.", {
        label: "A field with this name already exists.",
      });
    }
    set.label = input.label;
  }
  if (input.options !== undefined) {
    if (!isSelectType(field.type)) {
      throw new AppError("VALIDATION", "Only select fields have options.", {
        options: "Only select fields have options.",
      });
    }
    if (input.options.length === 0) {
      throw new AppError("VALIDATION", "Add at least one option.", { options: "Add at least one option." });
    }
    set.options = input.options;
  }
  if (input.required !== undefined) set.required = input.required;
  if (Object.keys(set).length === 0) return field;
  const [row] = await db
    .update(customFields)
    .set(set)
    .where(and(eq(customFields.businessId, actor.businessId), eq(customFields.id, field.id)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/**
 * Puts the listed fields first, in the given order; the others follow in their current order.
 * Output: all fields in the new order. Errors: NOT_FOUND when any id is not a field of this business.
 */
export async function reorderCustomFields(db: Db, actor: Actor, customFieldIds: string[]) {
  return db.transaction(async (tx) => {
    const current = await listCustomFields(tx, actor.businessId);
    const known = new Set(current.map((f) => f.id));
    if (customFieldIds.some((id) => !known.has(id))) throw new AppError("NOT_FOUND");
    const listed = new Set(customFieldIds);
    const order = [...customFieldIds, ...current.filter((f) => !listed.has(f.id)).map((f) => f.id)];
    // One statement: position = index in `order`.
    const ids = sql.join(
      order.map((id) => sql`${id}`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${customFields} set position = o.ord - 1
      from unnest(array[${ids}]::uuid[]) with ordinality as o(id, ord)
      where ${customFields.id} = o.id and ${customFields.businessId} = ${actor.businessId}`);
    return listCustomFields(tx, actor.businessId);
  });
}

/**
 * Deletes a field and removes its values from every customer of the business (one set-based update
 * over the GIN-indexed `custom_fields`). Errors: NOT_FOUND.
 */
export async function deleteCustomField(db: Db, actor: Actor, customFieldId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(customFields)
      .where(and(eq(customFields.businessId, actor.businessId), eq(customFields.id, customFieldId)))
      .returning({ id: customFields.id, key: customFields.key });
    if (!row) throw new AppError("NOT_FOUND");
    await tx
      .update(customers)
      .set({ customFields: sql`${customers.customFields} - ${row.key}::text` })
      .where(
        and(eq(customers.businessId, actor.businessId), sql`${customers.customFields} ? ${row.key}::text`),
      );
    return { ok: true as const, id: row.id, key: row.key };
  });
}

// ---------------------------------------------------------------------------------------------------
// Values

/** What value checks need to know about the business. */
export interface CustomFieldContext {
  fields: Pick<CustomField, "key" | "label" | "type" | "options" | "required">[];
  /** ISO 3166-1 alpha-2: default country for phone values. */
  country: string;
  /** ISO 4217: the currency of `currency` values. */
  currency: string;
}

/** Loads the business's fields, country and currency for `checkCustomFieldValues`. Errors: NOT_FOUND. */
export async function loadCustomFieldContext(db: DbOrTx, businessId: string): Promise<CustomFieldContext> {
  const [business] = await db
    .select({ country: businesses.country, currency: businesses.currency })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!business) throw new AppError("NOT_FOUND");
  const fields = await listCustomFields(db, businessId);
  return { fields, country: business.country, currency: business.currency };
}

type Value = CustomFieldValues[string];
type Normalised = { ok: true; value: Exclude<Value, null> } | { ok: false; message: string };

const emailCheck = z.email();
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Plain decimals, or decimals grouped by commas in thousands (1,234,567) or Indian lakhs (12,34,567). */
const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const groupedNumber = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3})(?:\.\d+)?$/;

function parseDecimal(raw: string): string | null {
  const s = raw.trim().replace(/[\s\u00a0]/g, "");
  if (plainNumber.test(s)) return s;
  if (groupedNumber.test(s)) return s.replaceAll(",", "");
  return null;
}

/** Digits after the decimal point of `currency` (ISO 4217 minor unit: INR 2, JPY 0, BHD 3). */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

function currencySymbols(currency: string): string[] {
  const symbols = new Set([currency.toUpperCase()]);
  for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
    const part = new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay })
      .formatToParts(1)
      .find((p) => p.type === "currency");
    if (part) symbols.add(part.value);
  }
  return [...symbols].sort((a, b) => b.length - a.length);
}

/**
 * Major-unit amount text ("1,250.50", "₹ 99", "INR 10") → integer minor units in `currency`, or an error
 * message. Only the business's own code or symbol may prefix or suffix the amount.
 */
export function parseMoney(
  raw: string,
  currency: string,
): { ok: true; minor: number } | { ok: false; message: string } {
  let s = raw.trim();
  for (const sym of currencySymbols(currency)) {
    if (s.toUpperCase().startsWith(sym.toUpperCase())) s = s.slice(sym.length).trim();
    else if (s.toUpperCase().endsWith(sym.toUpperCase())) s = s.slice(0, -sym.length).trim();
  }
  const dec = parseDecimal(s);
  if (dec === null || /e/i.test(dec))
    return { ok: false, message: `Enter an amount like 1250.50 (${currency}).` };
  const exp = currencyExponent(currency);
  const negative = dec.startsWith("-");
  const [intPart = "0", frac = ""] = dec.replace(/^[+-]/, "").split(".");
  if (frac.length > exp) {
    return {
      ok: false,
      message:
        exp === 0 ? `${currency} amounts have no decimals.` : `Use at most ${exp} decimals for ${currency}.`,
    };
  }
  const minor = Number((intPart || "0") + frac.padEnd(exp, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: "This amount is too large." };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

function isEmpty(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === "string" && v.trim() === "") ||
    (Array.isArray(v) && !v.length)
  );
}

function asText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function matchOption(options: string[], raw: string): string | undefined {
  const wanted = raw.trim().toLowerCase();
  return options.find((o) => o.toLowerCase() === wanted);
}

/**
 * Normalises one non-empty value for `field`. Rules per type:
 * - text ≤ 1,000 and long_text ≤ 10,000 characters (trimmed; CRLF → LF);
 * - number: a finite number or numeric text ("1234.5", "1,234.5"); stored as a number;
 * - currency: integer minor units of the business currency (ISO 4217), given as an integer, or as text in
 *   major units ("12.50" → 1250 for INR; no more decimals than the currency has);
 * - date: ISO 8601 calendar date `YYYY-MM-DD` (a real day);
 * - boolean: true/false, or "true"/"false"/"yes"/"no"/"1"/"0";
 * - single_select: one of the options (case-insensitive; stored as the option's spelling);
 * - multi_select: options as an array or comma-separated text; duplicates removed;
 * - url: http(s) only (WHATWG URL); "example.com" becomes "https://example.com/"; ≤ 2,048 characters;
 * - email: lower-cased, checked by zod's email rule, ≤ 254 characters (RFC 5321 path limit);
 * - phone: E.164 via libphonenumber-js with the business country as default; extensions are refused.
 */
export function normalizeCustomFieldValue(
  field: CustomFieldContext["fields"][number],
  raw: unknown,
  ctx: Pick<CustomFieldContext, "country" | "currency">,
): Normalised {
  switch (field.type) {
    case "text":
    case "long_text": {
      const s = asText(raw);
      if (s === null) return { ok: false, message: "Enter text." };
      const value = s.replace(/\r\n?/g, "\n").trim();
      const max = field.type === "text" ? CUSTOM_TEXT_MAX : CUSTOM_LONG_TEXT_MAX;
      if (charCount(value) > max)
        return { ok: false, message: `Use at most ${max.toLocaleString("en")} characters.` };
      return { ok: true, value };
    }
    case "number": {
      let n: number | null = null;
      if (typeof raw === "number") n = raw;
      else if (typeof raw === "string") {
        const dec = parseDecimal(raw);
        n = dec === null ? null : Number(dec);
      }
      if (n === null || !Number.isFinite(n)) return { ok: false, message: "Enter a number." };
      return { ok: true, value: n };
    }
    case "currency": {
      if (typeof raw === "number") {
        if (!Number.isSafeInteger(raw)) {
          return { ok: false, message: `Send the amount as whole minor units of ${ctx.currency}.` };
        }
        return { ok: true, value: raw };
      }
      if (typeof raw !== "string") return { ok: false, message: `Enter an amount in ${ctx.currency}.` };
      const r = parseMoney(raw, ctx.currency);
      return r.ok ? { ok: true, value: r.minor } : r;
    }
    case "date": {
      const m = typeof raw === "string" ? isoDate.exec(raw.trim()) : null;
      if (!m) return { ok: false, message: "Enter a date like 2025-01-31." };
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const dt = new Date(Date.UTC(y, mo - 1, d));
      if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
        return { ok: false, message: "This date does not exist." };
      }
      return { ok: true, value: m[0] };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      const s =
        typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim().toLowerCase() : "";
      if (["true", "yes", "y", "1"].includes(s)) return { ok: true, value: true };
      if (["false", "no", "n", "0"].includes(s)) return { ok: true, value: false };
      return { ok: false, message: "Choose yes or no." };
    }
    case "single_select": {
      const s = asText(raw);
      const option = s === null ? undefined : matchOption(field.options, s);
      if (!option) return { ok: false, message: "Choose one of the options." };
      return { ok: true, value: option };
    }
    case "multi_select": {
      const items = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : null;
      if (!items || items.some((i) => typeof i !== "string"))
        return { ok: false, message: "Choose from the options." };
      const out: string[] = [];
      for (const item of items as string[]) {
        if (!item.trim()) continue;
        const option = matchOption(field.options, item);
        if (!option)
          return { ok: false, message: `"${item.trim().slice(0, 40)}" is not one of the options.` };
        if (!out.includes(option)) out.push(option);
      }
      return { ok: true, value: out };
    }
    case "url": {
      if (typeof raw !== "string") return { ok: false, message: "Enter a link." };
      let s = raw.trim();
      if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = `https://${s}`;
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        return { ok: false, message: "Enter a link like https://example.com." };
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return { ok: false, message: "Use a link that starts with http:// or https://." };
      }
      if (!url.hostname.includes(".") && url.hostname !== "localhost") {
        return { ok: false, message: "Enter a link like https://example.com." };
      }
      if (url.href.length > 2048) return { ok: false, message: "This link is too long." };
      return { ok: true, value: url.href };
    }
    case "email": {
      if (typeof raw !== "string") return { ok: false, message: "Enter an email address." };
      const value = raw.trim().toLowerCase();
      if (value.length > 254 || !emailCheck.safeParse(value).success) {
        return { ok: false, message: "Enter a valid email address." };
      }
      return { ok: true, value };
    }
    case "phone": {
      const s = asText(raw);
      if (s === null) return { ok: false, message: "Enter a phone number." };
      const r = toE164(s, ctx.country);
      if (!r.ok) return { ok: false, message: r.reason };
      if (r.extension) return { ok: false, message: "Extensions cannot be stored in this field." };
      return { ok: true, value: r.e164 };
    }
  }
}

/**
 * Checks custom field values against the business's definitions without throwing (the import pipeline
 * collects reasons per row). Input: values by field key. With `partial` (an update), only the keys given
 * are checked and a `null` in the output clears that key; without it (a create), every required field
 * must have a value and empty values are left out. Output: `{ values, errors }` where `errors` is keyed
 * `customFields.<key>` (an unknown key is an error too).
 */
export function checkCustomFieldValues(
  ctx: CustomFieldContext,
  values: Record<string, unknown>,
  opts: { partial: boolean },
): { values: CustomFieldValues; errors: FieldErrors } {
  const byKey = new Map(ctx.fields.map((f) => [f.key, f]));
  const out: CustomFieldValues = {};
  const errors: FieldErrors = {};
  for (const [key, raw] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) {
      errors[`customFields.${key}`] = "Unknown field.";
      continue;
    }
    if (isEmpty(raw)) {
      if (field.required) errors[`customFields.${key}`] = `${field.label} is required.`;
      else if (opts.partial) out[key] = null;
      continue;
    }
    const r = normalizeCustomFieldValue(field, raw, ctx);
    if (r.ok) out[key] = r.value;
    else errors[`customFields.${key}`] = r.message;
  }
  if (!opts.partial) {
    for (const field of ctx.fields) {
      if (field.required && !(field.key in values)) {
        errors[`customFields.${field.key}`] = `${field.label} is required.`;
      }
    }
  }
  return { values: out, errors };
}

/**
 * Validates and normalises a customer's custom field values for `businessId` (rules in
 * `normalizeCustomFieldValue`; required and unknown keys in `checkCustomFieldValues`). Output: the
 * normalised values (with `partial`, `null` means "clear this key"; merge into the stored object and drop
 * nulls). Errors: VALIDATION with `fieldErrors` keyed `customFields.<key>`; NOT_FOUND for an unknown
 * business. Pass `context` to skip loading the definitions (bulk callers).
 */
export async function validateCustomFieldValues(
  db: DbOrTx,
  businessId: string,
  values: Record<string, unknown> | null | undefined,
  opts: { partial: boolean; context?: CustomFieldContext },
): Promise<CustomFieldValues> {
  const given = values ?? {};
  if (opts.partial && Object.keys(given).length === 0) return {};
  const ctx = opts.context ?? (await loadCustomFieldContext(db, businessId));
  const { values: out, errors } = checkCustomFieldValues(ctx, given, { partial: opts.partial });
  if (Object.keys(errors).length) {
    throw new AppError("VALIDATION", "Some custom fields need attention.", errors);
  }
  return out;
}
