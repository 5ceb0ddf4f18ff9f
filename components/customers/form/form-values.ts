import { type FormTextField, formTextFields } from "@/server/domain/customer-fields";
import {
  type ConsentChannel,
  type CustomerOutput,
  consentChannels,
  type LifecycleStage,
} from "@/server/domain/customers";
import { formatPhoneForDisplay } from "@/server/domain/phone";
import { type CustomFieldDef, currencyDigits } from "./custom-values";

/**
 * The customer form's values: defaults from a customer, and the payload the API takes. The plain text
 * fields it edits come from the field definition (`formTextFields`).
 */

/** A consent channel as the form edits it. */
type ConsentState = "unknown" | "granted" | "denied";

export interface FormValues extends Record<FormTextField, string> {
  name: string;
  email: string;
  phone: string;
  whatsapp: string;
  tags: string[];
  dateOfBirth: string;
  anniversary: string;
  lifecycleStage: LifecycleStage;
  ownerId: string;
  consent: Record<ConsentChannel, { state: ConsentState; source: string }>;
  customFields: Record<string, string | boolean | string[]>;
}

/** The form's text inputs: the contact fields, the plain text fields of the definition, the dates. */
export const textKeys = [
  "name",
  "email",
  "phone",
  "whatsapp",
  ...formTextFields,
  "dateOfBirth",
  "anniversary",
] as const satisfies readonly (keyof FormValues)[];

export function customToForm(
  field: CustomFieldDef,
  value: unknown,
  currency: string,
): string | boolean | string[] {
  if (field.type === "multi_select") return Array.isArray(value) ? value.map(String) : [];
  if (field.type === "boolean") return value === true ? "true" : value === false ? "false" : "";
  if (value === null || value === undefined) return "";
  if (field.type === "currency" && typeof value === "number") {
    const d = currencyDigits(currency);
    return (value / 10 ** d).toFixed(d);
  }
  return String(value);
}

export function defaultsOf(
  customer: CustomerOutput | undefined,
  fields: CustomFieldDef[],
  country: string,
  currency: string,
): FormValues {
  const consentOf = (ch: ConsentChannel) => {
    const c = customer?.consent[ch];
    return {
      state: (c?.granted === true ? "granted" : c?.granted === false ? "denied" : "unknown") as ConsentState,
      source: c?.source ?? "",
    };
  };
  return {
    name: customer?.name ?? "",
    email: customer?.email ?? "",
    phone: formatPhoneForDisplay(customer?.phone, country),
    whatsapp: formatPhoneForDisplay(customer?.whatsapp, country),
    ...(Object.fromEntries(formTextFields.map((k) => [k, customer?.[k] ?? ""])) as Record<
      FormTextField,
      string
    >),
    tags: customer?.tags ?? [],
    dateOfBirth: customer?.dateOfBirth ?? "",
    anniversary: customer?.anniversary ?? "",
    lifecycleStage: customer?.lifecycleStage ?? "lead",
    ownerId: customer?.ownerId ?? "",
    consent: { email: consentOf("email"), whatsapp: consentOf("whatsapp"), sms: consentOf("sms") },
    customFields: Object.fromEntries(
      fields.map((f) => [f.key, customToForm(f, customer?.customFields[f.key], currency)]),
    ),
  };
}

/** The values as the API takes them. `initial` (editing) limits consent to the channels that changed. */
export function toPayload(v: FormValues, fields: CustomFieldDef[], initial: FormValues | null) {
  const text = Object.fromEntries(textKeys.map((k) => [k, v[k].trim()])) as Record<
    (typeof textKeys)[number],
    string
  >;
  const consent: Record<string, { granted: boolean; source: string | null } | null> = {};
  for (const ch of consentChannels) {
    const now = v.consent[ch];
    const before = initial?.consent[ch];
    if (before && before.state === now.state && before.source.trim() === now.source.trim()) continue;
    if (now.state === "unknown") {
      if (before && before.state !== "unknown") consent[ch] = null;
      continue;
    }
    consent[ch] = { granted: now.state === "granted", source: now.source.trim() || null };
  }
  const custom: Record<string, string | boolean | string[] | null> = {};
  for (const f of fields) {
    const raw = v.customFields[f.key];
    let value: string | boolean | string[] | null;
    if (f.type === "boolean") value = raw === "true" ? true : raw === "false" ? false : null;
    else if (Array.isArray(raw)) value = raw.length ? raw : null;
    else value = typeof raw === "string" && raw.trim() ? raw.trim() : null;
    if (value === null && !initial) continue;
    custom[f.key] = value;
  }
  return {
    ...text,
    tags: v.tags,
    lifecycleStage: v.lifecycleStage,
    ownerId: v.ownerId || null,
    ...(Object.keys(consent).length ? { consent } : {}),
    customFields: custom,
  };
}
