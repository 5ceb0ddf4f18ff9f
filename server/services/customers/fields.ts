import { TZDate } from "@date-fns/tz";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import phoneMetadata from "libphonenumber-js/min/metadata";
import type { customers } from "@/db/schema";
import { type PlainTextField, plainTextFields } from "@/server/domain/customer-fields";
import type { CustomerJson, CustomerOutput } from "@/server/domain/customers";
import { toE164 } from "@/server/domain/phone";
import type { FieldErrors } from "@/server/errors";

export type CustomerRow = typeof customers.$inferSelect;

/**
 * The text kept in `customers.phone_digits` for format-insensitive search through the trigram index:
 * for each E.164 number, its digits and its national significant number, space separated and without
 * repeats. `"+919876543210"` → `"919876543210 9876543210"`, so `98765` finds `+91 98765 43210`.
 * Input: E.164 numbers or null. Output: "" when there are none.
 */
export function phoneDigits(phone: string | null | undefined, whatsapp?: string | null): string {
  const parts: string[] = [];
  for (const number of [phone, whatsapp]) {
    if (!number) continue;
    const digits = number.replace(/\D/g, "");
    if (digits && !parts.includes(digits)) parts.push(digits);
    const national = nationalNumberOf(number, digits);
    if (national && !parts.includes(national)) parts.push(national);
  }
  return parts.join(" ");
}

/**
 * Country calling codes (ITU-T E.164 assignments, as libphonenumber's metadata lists them, including the
 * non-geographic ones such as 800). They form a prefix code: no code is the start of another.
 */
const callingCodes = new Set([
  ...Object.keys(phoneMetadata.country_calling_codes),
  ...Object.keys((phoneMetadata as { nonGeographic?: Record<string, unknown> }).nonGeographic ?? {}),
]);

/**
 * The national significant number of an E.164 number: its digits after the country calling code (what
 * libphonenumber's `nationalNumber` gives for E.164 input), found without a full parse. Other input is
 * parsed. undefined when it is not a phone number.
 */
function nationalNumberOf(number: string, digits: string): string | undefined {
  if (/^\+\d+$/.test(number)) {
    for (let length = 1; length <= 3 && length < digits.length; length++)
      if (callingCodes.has(digits.slice(0, length))) return digits.slice(length);
  }
  return parsePhoneNumberFromString(number)?.nationalNumber;
}

/**
 * Month and day of an ISO date as the integer MMDD (`"1990-04-21"` → 421), stored in `birthday_md` /
 * `anniversary_md` for "this month / next N days" filters. null for null.
 */
export function monthDay(isoDate: string | null | undefined): number | null {
  if (!isoDate) return null;
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? Number(m[1]) * 100 + Number(m[2]) : null;
}

/**
 * Normalises typed phone and WhatsApp numbers to E.164 (ITU-T E.164 via libphonenumber-js) with
 * `country` (the business's, ISO 3166-1 alpha-2) for national numbers. An extension typed with the phone
 * ("… x123") is returned in `phoneExtension`. `undefined` inputs stay undefined, null clears.
 * Output: the values and `fieldErrors` (field → reason) for numbers that are not valid.
 */
export function normalizePhones(
  input: { phone?: string | null; whatsapp?: string | null },
  country: string,
): {
  phone?: string | null;
  whatsapp?: string | null;
  phoneExtension?: string;
  fieldErrors: FieldErrors;
} {
  const out: ReturnType<typeof normalizePhones> = { fieldErrors: {} };
  for (const field of ["phone", "whatsapp"] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === "") {
      out[field] = null;
      continue;
    }
    const r = toE164(raw, country);
    if (!r.ok) {
      out.fieldErrors[field] = r.reason;
      continue;
    }
    out[field] = r.e164;
    if (field === "phone" && r.extension) out.phoneExtension = r.extension;
  }
  return out;
}

/** The plain text fields of `values` (see `customer-fields.ts`), each a string or null. */
export function plainTextValues(values: Partial<Record<PlainTextField, string | null | undefined>>) {
  // Assigned one by one in the definition's order (not Object.fromEntries + spread): objects then share
  // one hidden class, which keeps the import's per-row code on V8's fast paths.
  const out = {} as Record<PlainTextField, string | null>;
  for (const k of plainTextFields) out[k] = values[k] ?? null;
  return out;
}

/** The columns of a customer row that its API shape (`toCustomerOutput`) reads, in that order. */
export const customerOutputColumns = [
  "id",
  "name",
  "email",
  "phone",
  "whatsapp",
  ...plainTextFields,
  "tags",
  "lifecycleStage",
  "ownerId",
  "dateOfBirth",
  "anniversary",
  "emailConsent",
  "emailConsentAt",
  "emailConsentSource",
  "whatsappConsent",
  "whatsappConsentAt",
  "whatsappConsentSource",
  "smsConsent",
  "smsConsentAt",
  "smsConsentSource",
  "customFields",
  "invalidValues",
  "lastActivityAt",
  "totalSpent",
  "ordersCount",
  "firstPurchaseOn",
  "lastPurchaseOn",
  "createdAt",
  "updatedAt",
  "deletedAt",
] as const satisfies readonly (keyof CustomerRow)[];

/** A customer row with the columns its API shape needs (what the list's first page selects). */
export type CustomerOutputRow = Pick<CustomerRow, (typeof customerOutputColumns)[number]>;

/** The API shape of a customer row (drops search and bookkeeping columns). */
export function toCustomerOutput(row: CustomerOutputRow): CustomerOutput {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    whatsapp: row.whatsapp,
    ...plainTextValues(row),
    tags: row.tags,
    lifecycleStage: row.lifecycleStage,
    ownerId: row.ownerId,
    dateOfBirth: row.dateOfBirth,
    anniversary: row.anniversary,
    consent: {
      email: { granted: row.emailConsent, at: row.emailConsentAt, source: row.emailConsentSource },
      whatsapp: {
        granted: row.whatsappConsent,
        at: row.whatsappConsentAt,
        source: row.whatsappConsentSource,
      },
      sms: { granted: row.smsConsent, at: row.smsConsentAt, source: row.smsConsentSource },
    },
    customFields: row.customFields,
    invalidValues: row.invalidValues,
    lastActivityAt: row.lastActivityAt,
    purchases: {
      totalSpent: row.totalSpent,
      ordersCount: row.ordersCount,
      firstPurchaseOn: row.firstPurchaseOn,
      lastPurchaseOn: row.lastPurchaseOn,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

/** A consent's time as JSON carries it. */
const isoOrNull = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * A customer in the API shape with its timestamps as JSON text (`CustomerJson`): the same JSON
 * `JSON.stringify(customer)` gives.
 */
export function toCustomerJson(c: CustomerOutput): CustomerJson {
  return {
    ...c,
    consent: {
      email: { ...c.consent.email, at: isoOrNull(c.consent.email.at) },
      whatsapp: { ...c.consent.whatsapp, at: isoOrNull(c.consent.whatsapp.at) },
      sms: { ...c.consent.sms, at: isoOrNull(c.consent.sms.at) },
    },
    lastActivityAt: c.lastActivityAt.toISOString(),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    deletedAt: isoOrNull(c.deletedAt),
  };
}

/** Today's calendar date in `timeZone` (IANA), as `{ year, month (1–12), day }`. */
export function todayIn(
  timeZone: string,
  now: Date = new Date(),
): { year: number; month: number; day: number } {
  const d = new TZDate(now.getTime(), timeZone);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** The instant local midnight of `isoDate` (YYYY-MM-DD) happens in `timeZone`, plus `addDays` days. */
export function startOfDayIn(isoDate: string, timeZone: string, addDays = 0): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + addDays, timeZone).getTime());
}
