/*
 * Why one file: the row normaliser is one pass over a row (names, contacts, phones per country, dates,
 * consents, tags, custom values) whose rules depend on each other (e.g. the row's country reads its
 * phones); the readers of each kind of cell already live in their own modules (dates, phone-cell,
 * custom-values).
 */
import { z } from "zod";
import {
  fieldMaxLengths,
  type PlainTextField,
  plainTextFields as plainTextFieldsOfDefinition,
} from "@/server/domain/customer-fields";
import { CUSTOMER_LIMITS } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { countryCodeOf } from "./countries";
import {
  type CustomFieldDefinition,
  type CustomValueParser,
  createCustomValueParser,
  parseYesNo,
} from "./custom-values";
import { type DateOrder, dateOrderFor, isoDateOf, isoInstantOf, parseDateText } from "./dates";
import { parsePhoneCell } from "./phone-cell";
import {
  type ColumnMapping,
  type CustomerCandidate,
  type ImportField,
  importFields,
  type LifecycleStage,
  type NormalizedRow,
  type RowError,
} from "./types";

/** Longest value per field, in characters (UTF-16 code units). Email: RFC 5321 path limit. */
export const FIELD_LIMITS = { ...CUSTOMER_LIMITS, notes: 10_000 } as const;

export interface NormalizerOptions {
  /** Column index → field or `custom:<key>`, usually `mapHeaders(...).mapping` edited by the user. */
  mapping: ColumnMapping;
  /** The business's country (ISO 3166-1 alpha-2): national phone numbers and numeric date order. */
  defaultCountry: string;
  /** The custom fields `custom:<key>` targets refer to. */
  customFields?: CustomFieldDefinition[];
  /** The business's currency (ISO 4217), for currency custom fields. */
  currency?: string;
  /** The header row; a data row equal to it (a file pasted twice) is skipped. */
  headers?: string[];
  /** IANA time zone for consent times written without an offset. Default UTC. */
  timeZone?: string;
  /** Overrides the numeric date order derived from `defaultCountry`. */
  dateOrder?: DateOrder;
  /**
   * Refuse a row with any invalid value. Default false: the customer is imported with its valid values and
   * each invalid one is kept in `invalidValues` and reported as a warning.
   */
  strict?: boolean;
}

/** Longest raw value kept in `invalidValues`, in characters. */
export const INVALID_VALUE_LIMIT = 1_000;

export type RowNormalizer = (cells: string[], line: number) => NormalizedRow;

// zod's own email pattern, so an imported address is accepted exactly when `z.email()` accepts it.
const emailPattern = z.regexes.email;
const tagSeparators = /[,;|]/;
/** Characters `neutralizeCell` guards against; an apostrophe before one of them is undone on import. */
const neutralized = /^'[=+\-@\t\r]/;
const phoneLike = /^\+?[\d\s().-]{7,}$/;

const wordKey = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

const lifecycleSynonyms = new Map<string, LifecycleStage>();
for (const [stage, words] of [
  ["lead", ["lead", "leads", "new", "newlead", "subscriber", "contact", "cold", "warm"]],
  [
    "prospect",
    [
      "prospect",
      "prospects",
      "qualified",
      "qualifiedlead",
      "opportunity",
      "mql",
      "sql",
      "hot",
      "negotiation",
    ],
  ],
  [
    "customer",
    ["customer", "customers", "client", "won", "closedwon", "active", "paying", "member", "regular"],
  ],
  [
    "churned",
    [
      "churned",
      "churn",
      "lost",
      "closedlost",
      "inactive",
      "former",
      "formercustomer",
      "excustomer",
      "cancelled",
      "canceled",
    ],
  ],
] as const)
  for (const w of words) lifecycleSynonyms.set(w, stage);

/** Importable plain text fields (company, address, …) and their limits, from the field definition. */
const textLimits: Partial<Record<ImportField, number>> = Object.fromEntries(
  plainTextFieldsOfDefinition.flatMap((f) =>
    (importFields as readonly string[]).includes(f) ? [[f, fieldMaxLengths[f]]] : [],
  ),
);

const tooLong = (limit: number) => `Longer than ${limit.toLocaleString("en-US")} characters.`;

/** Trims, drops NUL characters, and removes the apostrophe an export put before = + - @ (see `neutralizeCell`). */
function clean(value: string | undefined): string {
  if (value === undefined || value.length === 0) return "";
  // NUL cannot be stored in Postgres text; a spreadsheet that has one gets it dropped, not the row.
  const v = (value.indexOf("\u0000") === -1 ? value : value.replaceAll("\u0000", "")).trim();
  return v.length > 1 && v.charCodeAt(0) === 39 && neutralized.test(v) ? v.slice(1).trim() : v;
}

type Columns = readonly number[];

/**
 * Builds the per-row function of an import: cells in, a validated `CustomerCandidate` out, or every
 * problem of the row at once.
 *
 * Rules: name from the name column, else first + last name. A row is refused only when it has neither a
 * name nor a usable contact (email, phone or WhatsApp); otherwise an invalid value costs only that value:
 * it is kept in `invalidValues` and listed in `warnings` (with `strict`, any invalid value refuses the row).
 * Several phone columns: the first valid number is the phone, the others are kept in the notes. A mapped
 * country column that names a country is used to read that row's phones, falling back to the business's
 * country when the number is not valid there. Email
 * trimmed, lower-cased, checked with zod's email pattern, at most 254 characters. Phone and WhatsApp →
 * E.164 with the business country (`parsePhoneCell`), the phone's extension kept apart; WhatsApp is never
 * filled from the phone. Tags split on `,` `;` `|`, trimmed, deduplicated ignoring case (first spelling
 * kept), at most 100 of at most 50 characters. Lifecycle stage lead | prospect | customer | churned or a
 * synonym (client → customer, lost → churned…). Dates → YYYY-MM-DD (`parseDateText`, day/month order from
 * the country). Consents yes/no/true/false/1/0/y/n/opt-in/opt-out; an empty cell stays null. consentAt →
 * UTC instant, wall times read in `timeZone`. Text limits in `FIELD_LIMITS`.
 * A row equal to the header row → `{ skip: "repeated header row" }`; a row of blanks → `{ skip: "empty row" }`.
 *
 * Custom fields: see `createCustomValueParser`.
 *
 * @throws AppError("VALIDATION") when the mapping targets a custom field absent from `customFields`, a
 *   currency field without `currency`, or a select field without options
 */
export function createRowNormalizer(options: NormalizerOptions): RowNormalizer {
  const country = options.defaultCountry.toUpperCase();
  const order = options.dateOrder ?? dateOrderFor(country);
  const timeZone = options.timeZone ?? "UTC";
  const definitions = new Map((options.customFields ?? []).map((f) => [f.key, f]));

  const byField = new Map<ImportField, number[]>();
  const custom: { column: number; key: string; parse: CustomValueParser }[] = [];
  for (const [key, target] of Object.entries(options.mapping)) {
    const column = Number(key);
    if (target.startsWith("custom:")) {
      const customKey = target.slice(7);
      const definition = definitions.get(customKey);
      if (!definition)
        throw new AppError(
          "VALIDATION",
          `Column ${column + 1} is mapped to an unknown custom field "${customKey}".`,
        );
      const parse = createCustomValueParser(definition, {
        country,
        currency: options.currency,
        dateOrder: order,
      });
      custom.push({ column, key: customKey, parse });
      continue;
    }
    const field = target as ImportField;
    if (field === "ignore") continue;
    const list = byField.get(field) ?? [];
    list.push(column);
    byField.set(field, list);
  }
  for (const list of byField.values()) list.sort((a, b) => a - b);
  const none: Columns = [];
  const cols = (f: ImportField): Columns => byField.get(f) ?? none;
  const countryCols = cols("country");
  const strict = options.strict === true;
  const nameCols = cols("name");
  const firstNameCols = cols("firstName");
  const lastNameCols = cols("lastName");
  const emailCols = cols("email");
  const phoneCols = cols("phone");
  const whatsappCols = cols("whatsapp");
  const tagCols = cols("tags");
  const notesCols = cols("notes");
  const lifecycleCols = cols("lifecycleStage");
  const dobCols = cols("dateOfBirth");
  const anniversaryCols = cols("anniversary");
  const emailConsentCols = cols("emailConsent");
  const whatsappConsentCols = cols("whatsappConsent");
  const smsConsentCols = cols("smsConsent");
  const consentAtCols = cols("consentAt");
  const plainTextFields = (Object.keys(textLimits) as ImportField[])
    .filter((f) => byField.has(f))
    .map((f) => ({ field: f as keyof CustomerCandidate, columns: cols(f), limit: textLimits[f]! }));

  const headerCells = options.headers?.map((h) => h.trim().toLowerCase());
  const headerProbe = headerCells ? headerCells.findIndex((h) => h !== "") : -1;
  const today = new Date().toISOString().slice(0, 10);

  // Per-row state, reset at the start of each row: the helpers below are created once, not per row.
  let cells: string[] = [];
  let errors: RowError[] | null = null;
  /** Column of the value `first` returned last. */
  let at = -1;
  const fail = (field: string, column: number, reason: string) => {
    const value = cells[column] ?? "";
    if (errors === null) errors = [];
    errors.push({ field, column, value: value.length > 200 ? `${value.slice(0, 200)}…` : value, reason });
  };
  /** First non-empty cleaned value among `columns`; sets `at` to its column. */
  const first = (columns: Columns): string => {
    for (let i = 0; i < columns.length; i++) {
      const v = clean(cells[columns[i]!]);
      if (v !== "") {
        at = columns[i]!;
        return v;
      }
    }
    at = columns[0] ?? -1;
    return "";
  };

  return function normalizeRow(rowCells: string[]): NormalizedRow {
    cells = rowCells;
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.length > 0 && c.trim() !== "") {
        blank = false;
        break;
      }
    }
    if (blank) return { skip: "empty row" };
    if (
      headerCells &&
      headerProbe !== -1 &&
      clean(cells[headerProbe]).toLowerCase() === headerCells[headerProbe]
    ) {
      let same = true;
      for (let i = 0; i < headerCells.length && same; i++)
        if (headerCells[i] !== "" && (cells[i] ?? "").trim().toLowerCase() !== headerCells[i]) same = false;
      if (same) return { skip: "repeated header row" };
    }

    errors = null;

    const customer = {
      name: null,
      email: null,
      phone: null,
      whatsapp: null,
      tags: [],
      lifecycleStage: null,
      dateOfBirth: null,
      anniversary: null,
      notes: null,
      emailConsent: null,
      whatsappConsent: null,
      smsConsent: null,
      consentAt: null,
      invalidValues: {},
      customFields: {},
    } satisfies Omit<CustomerCandidate, PlainTextField> as unknown as CustomerCandidate;
    // The plain text fields of the definition, in its order (one hidden class for every row).
    for (const f of plainTextFieldsOfDefinition) customer[f] = null;
    let identityError = false;
    // The row's own country, when a country column names one, reads its national phone numbers.
    let rowCountry = country;
    if (countryCols.length > 0) {
      const named = first(countryCols);
      const code = named === "" ? null : countryCodeOf(named);
      if (code) rowCountry = code;
    }
    const readPhone = (text: string) => {
      const r = parsePhoneCell(text, rowCountry);
      return r.ok || rowCountry === country ? r : parsePhoneCell(text, country);
    };

    // Name: the full-name column, else first + last.
    let name = first(nameCols);
    let nameAt = at;
    if (name === "" && (firstNameCols.length > 0 || lastNameCols.length > 0)) {
      const given = first(firstNameCols);
      const givenAt = at;
      const family = first(lastNameCols);
      name = given && family ? `${given} ${family}` : given || family;
      nameAt = given ? givenAt : at;
    }
    if (name !== "") {
      if (name.length > FIELD_LIMITS.name) {
        fail("name", nameAt, tooLong(FIELD_LIMITS.name));
        identityError = true;
      } else customer.name = name;
    }

    if (emailCols.length > 0) {
      const email = first(emailCols).toLowerCase();
      if (email !== "") {
        if (email.length > FIELD_LIMITS.email) {
          fail("email", at, tooLong(FIELD_LIMITS.email));
          identityError = true;
        } else if (email.indexOf("@") !== email.lastIndexOf("@")) {
          fail("email", at, "Holds more than one email address; keep one.");
          identityError = true;
        } else if (!emailPattern.test(email)) {
          fail(
            "email",
            at,
            email.indexOf("@") === -1 && phoneLike.test(email)
              ? "Looks like a phone number, not an email address; check the column mapping."
              : "Not a valid email address.",
          );
          identityError = true;
        } else customer.email = email;
      }
    }

    let phoneRaw = "";
    const otherPhones: string[] = [];
    for (let i = 0; i < phoneCols.length; i++) {
      const column = phoneCols[i]!;
      const raw = clean(cells[column]);
      if (raw === "") continue;
      const r = readPhone(raw);
      if (!r.ok) {
        identityError = true;
        fail(
          "phone",
          column,
          raw.indexOf("@") !== -1
            ? "Looks like an email address, not a phone number; check the column mapping."
            : r.reason,
        );
      } else if (customer.phone === null) {
        phoneRaw = raw;
        customer.phone = r.e164;
        customer.phoneExtension = r.extension;
      } else if (r.e164 !== customer.phone && !otherPhones.includes(r.e164)) {
        otherPhones.push(r.extension ? `${r.e164} x${r.extension}` : r.e164);
      }
    }

    if (whatsappCols.length > 0) {
      const raw = first(whatsappCols);
      if (raw !== "") {
        if (raw === phoneRaw && customer.phone !== null) {
          if (customer.phoneExtension) fail("whatsapp", at, "A WhatsApp number cannot have an extension.");
          else customer.whatsapp = customer.phone;
        } else {
          const r = readPhone(raw);
          if (!r.ok) fail("whatsapp", at, r.reason);
          else if (r.extension) fail("whatsapp", at, "A WhatsApp number cannot have an extension.");
          else customer.whatsapp = r.e164;
        }
      }
    }

    for (let i = 0; i < plainTextFields.length; i++) {
      const { field, columns, limit } = plainTextFields[i]!;
      const v = first(columns);
      if (v === "") continue;
      if (v.length > limit) fail(field, at, tooLong(limit));
      else (customer as unknown as Record<string, string>)[field] = v;
    }

    if (tagCols.length > 0) {
      const seen = new Set<string>();
      for (let c = 0; c < tagCols.length; c++) {
        const column = tagCols[c]!;
        const cell = clean(cells[column]);
        if (cell === "") continue;
        const parts = cell.split(tagSeparators);
        for (let i = 0; i < parts.length; i++) {
          const tag = parts[i]!.trim();
          if (tag === "") continue;
          if (tag.length > FIELD_LIMITS.tag) {
            fail(
              "tags",
              column,
              `The tag "${tag.slice(0, 20)}…" is ${tooLong(FIELD_LIMITS.tag).toLowerCase()}`,
            );
            continue;
          }
          const key = tag.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          customer.tags.push(tag);
        }
      }
      if (customer.tags.length > FIELD_LIMITS.tags)
        fail("tags", tagCols[0]!, `More than ${FIELD_LIMITS.tags} tags (${customer.tags.length}).`);
    }

    if (notesCols.length > 0) {
      let notes = "";
      let notesAt = notesCols[0]!;
      for (let i = 0; i < notesCols.length; i++) {
        const v = clean(cells[notesCols[i]!]);
        if (v === "") continue;
        if (notes === "") notesAt = notesCols[i]!;
        notes = notes === "" ? v : `${notes}\n${v}`;
      }
      if (notes.length > FIELD_LIMITS.notes) fail("notes", notesAt, tooLong(FIELD_LIMITS.notes));
      else if (notes !== "") customer.notes = notes;
    }
    if (otherPhones.length > 0) {
      const line = `Other phone: ${otherPhones.join(", ")}`;
      customer.notes = customer.notes ? `${customer.notes}\n${line}` : line;
    }

    if (lifecycleCols.length > 0) {
      const v = first(lifecycleCols);
      if (v !== "") {
        const stage = lifecycleSynonyms.get(wordKey(v));
        if (stage) customer.lifecycleStage = stage;
        else fail("lifecycleStage", at, "Unknown lifecycle stage; use lead, prospect, customer or churned.");
      }
    }

    if (dobCols.length > 0) {
      const v = first(dobCols);
      if (v !== "") {
        const r = parseDateText(v, order);
        if (!r.ok) fail("dateOfBirth", at, r.reason);
        else {
          const iso = isoDateOf(r.value);
          if (iso > today) fail("dateOfBirth", at, "The date of birth is in the future.");
          else customer.dateOfBirth = iso;
        }
      }
    }

    if (anniversaryCols.length > 0) {
      const v = first(anniversaryCols);
      if (v !== "") {
        const r = parseDateText(v, order);
        if (r.ok) customer.anniversary = isoDateOf(r.value);
        else fail("anniversary", at, r.reason);
      }
    }

    if (emailConsentCols.length > 0) {
      const v = first(emailConsentCols);
      if (v !== "") {
        const b = parseYesNo(v);
        if (b === undefined) fail("emailConsent", at, "Not a yes/no value; use yes or no.");
        else customer.emailConsent = b;
      }
    }
    if (whatsappConsentCols.length > 0) {
      const v = first(whatsappConsentCols);
      if (v !== "") {
        const b = parseYesNo(v);
        if (b === undefined) fail("whatsappConsent", at, "Not a yes/no value; use yes or no.");
        else customer.whatsappConsent = b;
      }
    }
    if (smsConsentCols.length > 0) {
      const v = first(smsConsentCols);
      if (v !== "") {
        const b = parseYesNo(v);
        if (b === undefined) fail("smsConsent", at, "Not a yes/no value; use yes or no.");
        else customer.smsConsent = b;
      }
    }

    if (consentAtCols.length > 0) {
      const v = first(consentAtCols);
      if (v !== "") {
        const r = parseDateText(v, order);
        if (r.ok) customer.consentAt = isoInstantOf(r.value, timeZone);
        else fail("consentAt", at, r.reason);
      }
    }

    for (let i = 0; i < custom.length; i++) {
      const { column, key, parse } = custom[i]!;
      const v = clean(cells[column]);
      if (v === "") continue;
      const r = parse(v);
      if (r.ok) customer.customFields[key] = r.value;
      else fail(`customFields.${key}`, column, r.reason);
    }

    // `fail` fills `errors` behind the compiler's back: read it without the narrowing to null above.
    const rowErrors = errors as RowError[] | null;
    // In the order of the file's columns (a row-level error, column -1, first).
    if (rowErrors && rowErrors.length > 1) rowErrors.sort((a, b) => a.column - b.column);
    const reachable = customer.email !== null || customer.phone !== null || customer.whatsapp !== null;
    if (customer.name === null && !reachable) {
      // An invalid email or phone already says why the row has no contact.
      if (identityError && rowErrors) return { ok: false, errors: rowErrors };
      const reason = "This row needs a name, email or phone.";
      return { ok: false, errors: [{ field: "row", column: -1, value: "", reason }, ...(rowErrors ?? [])] };
    }
    if (!rowErrors) return { ok: true, customer, warnings: [] };
    if (strict) return { ok: false, errors: rowErrors };
    for (const e of rowErrors) {
      // A second invalid value of the same field (two phone columns) is kept as `phone:2`, and so on.
      let key = e.field;
      for (let n = 2; key in customer.invalidValues; n++) key = `${e.field}:${n}`;
      const raw = cells[e.column] ?? "";
      customer.invalidValues[key] = { value: raw.slice(0, INVALID_VALUE_LIMIT), reason: e.reason };
    }
    return { ok: true, customer, warnings: rowErrors };
  };
}
