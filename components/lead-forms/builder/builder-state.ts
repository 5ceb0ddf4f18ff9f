import { fieldForCustomField, type MappableCustomField } from "@/server/domain/lead-form-mapping";
import {
  LEAD_FORM_LIMITS,
  type LeadFormDefinition,
  type LeadFormField,
  type LeadFormFieldType,
  type LeadFormSettings,
  leadFormDefinitionSchema,
  publicDefinition,
} from "@/server/domain/lead-forms";

/*
 * The builder's state: the form's name, its fields (each with a stable id for reordering, since a field's
 * key may change while it is edited) and its settings; and the pure operations on it. The definition it
 * saves is checked here with the same schema the server uses, so errors carry the same paths
 * (`definition.fields.2.label`) whichever side finds them.
 */

/** A field as the builder holds it: the field (possibly not valid yet) and a stable id. */
export interface BuilderItem {
  uid: string;
  field: LeadFormField;
}

export interface BuilderState {
  name: string;
  items: BuilderItem[];
  settings: LeadFormSettings;
}

/** Field types offered by "Add field", with their labels and what a new one starts as. */
export const fieldTypeLabels: Record<LeadFormFieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  email: "Email",
  phone: "Phone",
  whatsapp: "WhatsApp number",
  number: "Number",
  date: "Date",
  select: "Dropdown (one choice)",
  multi_select: "Choices (several)",
  checkbox: "Checkbox",
  consent: "Consent checkbox",
  hidden: "Hidden (from the page's link)",
};

let uidCounter = 0;
/** A new id for an item (unique in this page). */
export function newUid(): string {
  uidCounter += 1;
  return `f${uidCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The builder's state from a stored definition. */
export function stateFrom(name: string, def: LeadFormDefinition): BuilderState {
  return { name, items: def.fields.map((field) => ({ uid: newUid(), field })), settings: def.settings };
}

/** The definition the builder would save. */
export function definitionOf(state: BuilderState) {
  return { fields: state.items.map((i) => i.field), settings: state.settings };
}

/** `base`, or `base_2`, `base_3` … whichever no other field uses. */
export function freeKey(base: string, taken: readonly string[]): string {
  const clean =
    base
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(\d)/, "f_$1")
      .slice(0, LEAD_FORM_LIMITS.key - 4) || "field";
  const used = new Set(taken);
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}_${n}`)) return `${clean}_${n}`;
}

const defaultLabels: Record<LeadFormFieldType, string> = {
  short_text: "Short answer",
  long_text: "Message",
  email: "Email",
  phone: "Phone",
  whatsapp: "WhatsApp number",
  number: "Number",
  date: "Date",
  select: "Choose one",
  multi_select: "Choose any",
  checkbox: "Yes, please",
  consent: "I agree to be contacted by email",
  hidden: "Campaign",
};

/** A new field of `type` with a key no other field uses. `country` fills a phone's default country. */
export function newField(type: LeadFormFieldType, taken: readonly string[], country?: string): LeadFormField {
  const label = defaultLabels[type];
  const base = type === "hidden" ? "campaign" : type === "consent" ? "consent_email" : type;
  const field: LeadFormField = { key: freeKey(base, taken), type, label, required: false };
  if (type === "select" || type === "multi_select")
    field.options = [
      { value: "Option 1", label: "Option 1" },
      { value: "Option 2", label: "Option 2" },
    ];
  if (type === "consent") field.consentChannel = "email";
  if ((type === "phone" || type === "whatsapp") && country) field.defaultCountry = country;
  if (type === "hidden") field.param = "campaign";
  return field;
}

/** A new field that fills a custom field (its type, label, choices and mapping). */
export function newCustomField(custom: MappableCustomField, taken: readonly string[]): LeadFormField {
  return fieldForCustomField(custom, freeKey(custom.key, taken)) as LeadFormField;
}

/** Moves the item at `from` to `to` (indices in the list before the move). */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

/** The mistakes in the state's definition, by path (`definition.fields.1.options`), as the server names them. */
export function definitionErrors(state: BuilderState): Record<string, string> {
  const parsed = leadFormDefinitionSchema.safeParse(definitionOf(state));
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = ["definition", ...issue.path.map(String)].join(".");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The first error at `path` or under it (`definition.settings.notify.emails` covers `….emails.2`). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) return v;
  return undefined;
}

/** The index of the first field with an error, for opening it after a failed save. */
export function firstFieldWithError(errors: Record<string, string>): number | null {
  let first: number | null = null;
  for (const k of Object.keys(errors)) {
    const m = /^definition\.fields\.(\d+)\./.exec(k);
    if (m) first = Math.min(first ?? Number.POSITIVE_INFINITY, Number(m[1]));
  }
  return first;
}

/**
 * What the preview shows: the public part of the state's definition (mappings left out), kept renderable
 * while a field is half edited (choices default to none, an empty label shows as "Untitled").
 */
export function previewDefinition(state: BuilderState) {
  const def = {
    fields: state.items.map(({ field }) => ({
      ...field,
      label: field.label.trim() || "Untitled",
      options: field.options?.filter((o) => o.value.trim()),
    })),
    settings: { ...state.settings, title: state.settings.title.trim() || "Untitled form" },
  } as LeadFormDefinition;
  return publicDefinition(def);
}

/** An element id for the control of a definition path (errors focus it). */
export function controlId(path: string): string {
  return `lf-${path.replace(/^definition\./, "").replace(/[^a-zA-Z0-9]+/g, "-")}`;
}
