import { fieldMaxLengths } from "@/server/domain/customer-fields";
import type { LeadFormAnswers } from "@/server/domain/lead-form-answers";
import { answerText } from "@/server/domain/lead-form-display";
import type { LeadFormDefinition } from "@/server/domain/lead-forms";

const textTargets = [
  "company",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
] as const;

/** Customer fields a submission fills, read from its answers through each field's `mapTo`. */
export interface MappedCustomer {
  /** The name to create a customer with (never empty). */
  name: string;
  /** Whether `name` came from the form (else it is a stand-in: the email, the phone, or "Website lead"). */
  hasName: boolean;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  /** Plain text and date fields (company, city, dateOfBirth …) with a value. */
  fields: Partial<Record<(typeof textTargets)[number] | "dateOfBirth" | "anniversary", string>>;
  /** Custom field values by custom field key (checked against the business's definitions later). */
  customFields: Record<string, unknown>;
  /** Channels the visitor ticked a consent box for. */
  consents: ("email" | "whatsapp" | "sms")[];
}

/**
 * Reads the customer fields out of checked answers (server/domain/lead-form-answers.ts). Phones are
 * already E.164 and dates YYYY-MM-DD; a text longer than the customer field's limit (customer-fields.ts) is
 * cut there. Pure.
 */
export function mapAnswersToCustomer(def: LeadFormDefinition, answers: LeadFormAnswers): MappedCustomer {
  const byTarget = new Map<string, unknown>();
  const out: MappedCustomer = {
    name: "",
    hasName: false,
    email: null,
    phone: null,
    whatsapp: null,
    fields: {},
    customFields: {},
    consents: [],
  };
  for (const field of def.fields) {
    const value = answers[field.key];
    if (value === undefined) continue;
    if (field.type === "consent" && field.consentChannel && value === true)
      out.consents.push(field.consentChannel);
    if (!field.mapTo) continue;
    if (field.mapTo.startsWith("custom.")) {
      out.customFields[field.mapTo.slice("custom.".length)] = value;
      continue;
    }
    const text = answerText(field, value).trim();
    if (text) byTarget.set(field.mapTo, text);
  }
  const get = (k: string) => (byTarget.get(k) as string | undefined) ?? null;
  const first = get("firstName");
  const last = get("lastName");
  const named = get("name") ?? ([first, last].filter(Boolean).join(" ") || null);
  out.email = get("email")?.toLowerCase() ?? null;
  out.phone = get("phone");
  out.whatsapp = get("whatsapp");
  out.hasName = Boolean(named);
  out.name = (named ?? out.email ?? out.phone ?? out.whatsapp ?? "Website lead").slice(0, 200);
  for (const k of textTargets) {
    const v = get(k);
    if (v) out.fields[k] = v.slice(0, fieldMaxLengths[k]);
  }
  for (const k of ["dateOfBirth", "anniversary"] as const) {
    const v = get(k);
    if (v && /^\d{4}-\d{2}-\d{2}$/.test(v)) out.fields[k] = v;
  }
  out.consents = [...new Set(out.consents)];
  return out;
}
