/**
 * The one definition of a customer's standard fields. Everything that lists them derives from this table:
 * the API contract (zod inputs and limits), the service's create and output mapping, the import (which
 * fields a column can map to, length limits, the SQL columns it writes), the export (columns and
 * headers) and the labels the UI shows (import wizard, timeline, forms).
 *
 * Adding a plain text field (like `company`) is one entry here plus its database column; a field with its
 * own rules (a phone, a date, a consent) also needs the code of that rule, which the type checker points to.
 *
 * Entry: `label` (sentence case, for people), `column` (the `customers` column, snake_case; absent for
 * import-only inputs such as `firstName`), `kind`, `max` (characters, for text), `import` (a file
 * column may map to it), `exportHeader` (exported under that header, which the importer maps back),
 * `form` (a plain text field edited in the customer form).
 */

export type CustomerFieldKind =
  | "text"
  | "email"
  | "phone"
  | "tags"
  | "stage"
  | "date"
  | "consent"
  | "owner"
  | "importOnly";

export interface CustomerFieldDefinition {
  label: string;
  /** Edited in the customer form. */
  form?: boolean;
  column?: string;
  kind: CustomerFieldKind;
  max?: number;
  import?: boolean;
  exportHeader?: string;
}

export const customerFieldDefinitions = {
  name: { label: "Name", column: "name", kind: "text", max: 200, import: true, exportHeader: "Name" },
  firstName: { label: "First name", kind: "importOnly", import: true },
  lastName: { label: "Last name", kind: "importOnly", import: true },
  email: { label: "Email", column: "email", kind: "email", max: 254, import: true, exportHeader: "Email" },
  phone: { label: "Phone", column: "phone", kind: "phone", max: 40, import: true, exportHeader: "Phone" },
  phoneExtension: {
    label: "Phone extension",
    column: "phone_extension",
    kind: "text",
    max: 20,
    exportHeader: "Phone Extension",
  },
  whatsapp: {
    label: "WhatsApp number",
    column: "whatsapp",
    kind: "phone",
    max: 40,
    import: true,
    exportHeader: "WhatsApp",
  },
  company: {
    label: "Company",
    column: "company",
    kind: "text",
    max: 200,
    import: true,
    exportHeader: "Company",
    form: true,
  },
  addressLine1: {
    label: "Address line 1",
    column: "address_line1",
    kind: "text",
    max: 200,
    import: true,
    exportHeader: "Address Line 1",
    form: true,
  },
  addressLine2: {
    label: "Address line 2",
    column: "address_line2",
    kind: "text",
    max: 200,
    import: true,
    exportHeader: "Address Line 2",
    form: true,
  },
  city: {
    label: "City",
    column: "city",
    kind: "text",
    max: 100,
    import: true,
    exportHeader: "City",
    form: true,
  },
  state: {
    label: "State / province",
    column: "state",
    kind: "text",
    max: 100,
    import: true,
    exportHeader: "State",
    form: true,
  },
  postalCode: {
    label: "Postal code",
    column: "postal_code",
    kind: "text",
    max: 20,
    import: true,
    exportHeader: "Postal Code",
    form: true,
  },
  country: {
    label: "Country",
    column: "country",
    kind: "text",
    max: 100,
    import: true,
    exportHeader: "Country",
    form: true,
  },
  tags: { label: "Tags", column: "tags", kind: "tags", import: true, exportHeader: "Tags" },
  source: {
    label: "Source",
    column: "source",
    kind: "text",
    max: 100,
    import: true,
    exportHeader: "Source",
    form: true,
  },
  lifecycleStage: {
    label: "Lifecycle stage",
    column: "lifecycle_stage",
    kind: "stage",
    import: true,
    exportHeader: "Lifecycle Stage",
  },
  ownerId: { label: "Owner", column: "owner_id", kind: "owner" },
  dateOfBirth: {
    label: "Date of birth",
    column: "date_of_birth",
    kind: "date",
    import: true,
    exportHeader: "Date of Birth",
  },
  anniversary: {
    label: "Anniversary",
    column: "anniversary",
    kind: "date",
    import: true,
    exportHeader: "Anniversary",
  },
  notes: { label: "Notes", kind: "importOnly", import: true },
  emailConsent: { label: "Email consent", column: "email_consent", kind: "consent", import: true },
  whatsappConsent: { label: "WhatsApp consent", column: "whatsapp_consent", kind: "consent", import: true },
  smsConsent: { label: "SMS consent", column: "sms_consent", kind: "consent", import: true },
  consentAt: { label: "Consent time", kind: "importOnly", import: true },
  externalId: {
    label: "External ID",
    column: "external_id",
    kind: "text",
    max: 200,
    import: true,
    exportHeader: "External ID",
  },
} as const satisfies Record<string, CustomerFieldDefinition>;

type Definitions = typeof customerFieldDefinitions;
export type CustomerFieldKey = keyof Definitions;

/** Keys whose entry has `kind: K`. */
type KeysOfKind<K extends CustomerFieldKind> = {
  [F in CustomerFieldKey]: Definitions[F]["kind"] extends K ? F : never;
}[CustomerFieldKey];

/** Plain text fields (optional, trimmed, at most `max` characters), other than the required `name`. */
export type PlainTextField = Exclude<KeysOfKind<"text">, "name">;

/** Fields a file column can be mapped to. */
export type ImportableField = {
  [F in CustomerFieldKey]: Definitions[F] extends { import: true } ? F : never;
}[CustomerFieldKey];

const keys = Object.keys(customerFieldDefinitions) as CustomerFieldKey[];
const definition = (k: CustomerFieldKey): CustomerFieldDefinition => customerFieldDefinitions[k];

export const plainTextFields = keys.filter(
  (k) => definition(k).kind === "text" && k !== "name",
) as PlainTextField[];

/** Plain text fields the customer form edits. */
export type FormTextField = {
  [F in PlainTextField]: Definitions[F] extends { form: true } ? F : never;
}[PlainTextField];
export const formTextFields = plainTextFields.filter((k) => definition(k).form) as FormTextField[];

/** Importable fields, in the order the import wizard lists them. */
export const importableFields = keys.filter((k) => definition(k).import) as ImportableField[];

type MaxOf<F extends CustomerFieldKey> = Definitions[F] extends { max: infer M extends number } ? M : never;

/** Maximum length in characters of each field that has one. */
export const fieldMaxLengths = Object.fromEntries(
  keys.flatMap((k) => (definition(k).max ? [[k, definition(k).max]] : [])),
) as { [F in CustomerFieldKey as MaxOf<F> extends never ? never : F]: MaxOf<F> };

/** The people-facing label of a standard field (`addressLine1` → "Address line 1"); the key if unknown. */
export function customerFieldLabel(key: string): string {
  return (customerFieldDefinitions as Record<string, CustomerFieldDefinition>)[key]?.label ?? key;
}

/** Fields exported by default, with their headers, in order. */
export const exportedFields = keys.flatMap((k) => {
  const header = definition(k).exportHeader;
  return header ? [{ key: k, header }] : [];
});
