import { distance } from "fastest-levenshtein";
import type { ColumnMapping, CustomFieldType, ImportField } from "./types";

/**
 * Header spellings per field, written as `normalizeHeader` leaves them (lower case, letters and digits
 * only). English first, then common Persian and Hindi headers.
 */
const aliases: Record<ImportField, string[]> = {
  name: [
    "name",
    "fullname",
    "customername",
    "contactname",
    "clientname",
    "displayname",
    "customer",
    "نام",
    "نامکامل",
    "نامونامخانوادگی",
    "ناممشتری",
    "नाम",
    "पूरानाम",
    "ग्राहककानाम",
  ],
  firstName: ["firstname", "givenname", "forename", "fname", "first", "fn", "firstnm", "نامکوچک", "पहलानाम"],
  lastName: [
    "lastname",
    "surname",
    "familyname",
    "lname",
    "last",
    "ln",
    "lastnm",
    "نامخانوادگی",
    "उपनाम",
    "अंतिमनाम",
  ],
  email: [
    "email",
    "emails",
    "emailaddress",
    "emailid",
    "mail",
    "primaryemail",
    "emailadd",
    "emailaddr",
    "eml",
    "ایمیل",
    "پستالکترونیک",
    "ईमेल",
    "ईमेलपता",
    "ईमेलआईडी",
  ],
  phone: [
    "phone",
    "phonee164",
    "phonenumber",
    "phoneno",
    "phone1",
    "primaryphone",
    "mobile",
    "mobilenumber",
    "mobileno",
    "mobilephone",
    "mobile1",
    "cell",
    "cellphone",
    "cellnumber",
    "contactnumber",
    "contactno",
    "tel",
    "telephone",
    "telephonenumber",
    "ph",
    "phno",
    "phnum",
    "mob",
    "mobno",
    "mobnum",
    "cellno",
    "telno",
    "phonenum",
    "تلفن",
    "شمارهتلفن",
    "موبایل",
    "شمارهموبایل",
    "همراه",
    "تلفنهمراه",
    "फ़ोन",
    "फ़ोननंबर",
    "मोबाइल",
    "मोबाइलनंबर",
  ],
  whatsapp: [
    "whatsapp",
    "whatsappe164",
    "whatsappnumber",
    "whatsappno",
    "whatsappphone",
    "واتساپ",
    "شمارهواتساپ",
    "व्हाट्सएप",
    "व्हाट्सऐप",
  ],
  company: [
    "company",
    "co",
    "coname",
    "org",
    "companyname",
    "organization",
    "organisation",
    "organizationname",
    "business",
    "businessname",
    "employer",
    "firm",
    "شرکت",
    "कंपनी",
  ],
  addressLine1: ["address", "address1", "addressline1", "street", "streetaddress", "آدرس", "نشانی", "पता"],
  addressLine2: ["address2", "addressline2", "street2"],
  city: ["city", "town", "شهر", "शहर"],
  state: ["state", "province", "region", "stateprovince", "استان", "राज्य"],
  postalCode: ["postalcode", "postcode", "zip", "zipcode", "pincode", "pin", "کدپستی", "पिनकोड"],
  country: ["country", "countryname", "ctry", "cntry", "nation", "کشور", "देश"],
  tags: ["tags", "tag", "labels", "label", "groups", "group", "برچسب", "برچسبها", "टैग"],
  source: ["source", "leadsource", "origin", "منبع", "स्रोत"],
  lifecycleStage: ["lifecyclestage", "lifecycle", "stage", "customerstage", "leadstage", "leadstatus"],
  dateOfBirth: ["dateofbirth", "dob", "birthday", "birthdate", "تاریختولد", "जन्मतिथि"],
  anniversary: ["anniversary", "anniversarydate", "weddinganniversary", "सालगिरह"],
  notes: ["notes", "note", "comments", "comment", "remarks", "description", "یادداشت", "توضیحات", "टिप्पणी"],
  emailConsent: ["emailconsent", "emailoptin", "emailsubscribed", "acceptsemailmarketing", "emailmarketing"],
  whatsappConsent: ["whatsappconsent", "whatsappoptin", "whatsappsubscribed"],
  smsConsent: ["smsconsent", "smsoptin", "smssubscribed", "acceptssmsmarketing", "smsmarketing"],
  consentAt: ["consentat", "consentdate", "consentedat", "optinat", "optindate", "consenttime"],
  externalId: ["externalid", "customerid", "customerno", "customernumber", "clientid", "contactid", "id"],
  // Row counters and the "Error" column of our own error report (so a corrected report re-imports as is).
  ignore: [
    "index",
    "rowno",
    "rownumber",
    "row",
    "sno",
    "srno",
    "serialno",
    "serialnumber",
    "no",
    "error",
    "ردیف",
    "क्रमांक",
  ],
};

const aliasToField = new Map<string, ImportField>();
for (const [field, names] of Object.entries(aliases) as [ImportField, string[]][])
  for (const n of names) aliasToField.set(n, field);

/**
 * Headers that hold another phone ("Phone 2", "Work phone", "Alternate mobile"). They map to `phone` as
 * well: the row's first valid number becomes the phone and the others are kept in the notes.
 */
const secondaryPhone =
  /^(?:phone|mobile|cell|tel|telephone|contactnumber)(?:[2-9]|number[2-9])$|^(?:secondary|alternate|alternative|other|home|work|office|landline)(?:phone|mobile|number|tel)/;

/** Type suggested for an unmapped column's custom field, from words in its header. */
const typeHints: [RegExp, CustomFieldType][] = [
  [/date|dob|birthday|anniversary|since|until|expir|joined|created|updated|تاریخ|तिथि|दिनांक/, "date"],
  [/website|url|link|homepage|site|linkedin|facebook|instagram|twitter/, "url"],
  [/phone|mobile|cell|tel|whatsapp|fax|تلفن|موبایل|फ़ोन|मोबाइल/, "phone"],
  [/email|mail|ایمیل|ईमेल/, "email"],
  [/amount|total|price|count|qty|quantity|age|score|points|balance|spent|revenue|orders|visits/, "number"],
  [/^(?:is|has)|consent|optin|subscribed|active|vip/, "boolean"],
];

const latinAccents = /[\u0300-\u036f]/g;
const notWordChars = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Lower-cases and keeps only letters, marks and digits, so "E-mail", "e_mail" and "EMAIL " compare equal.
 * Latin accents are dropped ("Téléphone" = "telephone"); NFKC makes full-width and composed/decomposed
 * forms (फ़ / फ़) compare equal. Other scripts' marks (Devanagari vowel signs) are kept.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(latinAccents, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(notWordChars, "");
}

export interface UnmappedColumn {
  column: number;
  header: string;
  /** Type to preselect if the user creates a custom field from this column. */
  suggestedType: CustomFieldType;
}

/** A header matched to a field by a small misspelling: shown as a suggestion for the user to confirm. */
export interface FuzzyMatch {
  column: number;
  header: string;
  field: ImportField;
  /** The known spelling it is closest to (normalized). */
  alias: string;
  /** Other fields just as close: the match is not applied without the user (the REST API leaves it unmapped). */
  alternatives: ImportField[];
}

/**
 * Edits allowed between a header and an alias: none below 4 letters, 1 for 4, else 2 (a swapped pair of
 * letters, "Emial", is two edits).
 */
function allowedEdits(length: number): number {
  if (length < 4) return 0;
  return length === 4 ? 1 : 2;
}

/**
 * The field whose alias is closest to `key` by edit distance (Levenshtein, via fastest-levenshtein)
 * within `allowedEdits`, with the other fields equally close; null when none is close enough.
 */
function closestField(
  key: string,
): { field: ImportField; alias: string; alternatives: ImportField[] } | null {
  const limit = allowedEdits(key.length);
  if (limit === 0) return null;
  let best = limit + 1;
  let found: { field: ImportField; alias: string } | null = null;
  const tied = new Set<ImportField>();
  for (const [alias, field] of aliasToField) {
    if (field === "ignore" || Math.abs(alias.length - key.length) > limit || alias.length < 4) continue;
    const d = distance(alias, key);
    if (d < best) {
      best = d;
      found = { field, alias };
      tied.clear();
    } else if (d === best && found && field !== found.field) tied.add(field);
  }
  return found ? { ...found, alternatives: [...tied] } : null;
}

export interface HeaderSuggestion {
  /** Column index (0-based) → field, for the columns recognised. */
  mapping: ColumnMapping;
  /** Columns left for the user: map them, create a custom field from them, or ignore them. */
  unmapped: UnmappedColumn[];
  /**
   * Headers matched by a small misspelling ("Emial", "Frist Name"). An unambiguous one is in `mapping` and
   * listed here so the mapping step asks the user to confirm it; an ambiguous one is left unmapped.
   */
  fuzzy: FuzzyMatch[];
}

function suggestType(normalized: string): CustomFieldType {
  for (const [pattern, type] of typeHints) if (pattern.test(normalized)) return type;
  return "text";
}

/**
 * Suggests a column → field mapping from header names, insensitive to case, spaces, underscores and
 * punctuation (see `normalizeHeader`), common abbreviations ("Mob No", "Ctry", "FName") and small
 * misspellings (see `closestField`; listed in `fuzzy`). The first column matching a field wins; a later
 * one with the same field is left unmapped, except phones: every phone column ("Phone 1", "Phone 2",
 * "Work phone") maps to `phone`. "#", "Index", "S.No." and the "Error" column of an error report →
 * `ignore`.
 *
 * @param headers the cells of the header row
 * @returns the mapping, the unmapped columns with a suggested custom field type, and the fuzzy matches
 */
export function mapHeaders(headers: string[]): HeaderSuggestion {
  const mapping: ColumnMapping = {};
  const unmapped: UnmappedColumn[] = [];
  const fuzzy: FuzzyMatch[] = [];
  const taken = new Set<ImportField>();
  const pending: { column: number; header: string; key: string }[] = [];
  headers.forEach((header, column) => {
    const trimmed = header.trim();
    const key = normalizeHeader(trimmed);
    if (trimmed === "#") {
      mapping[column] = "ignore";
      return;
    }
    const field = secondaryPhone.test(key) ? "phone" : aliasToField.get(key);
    if (field === "ignore") {
      mapping[column] = "ignore";
      return;
    }
    if (field && (field === "phone" || !taken.has(field))) {
      taken.add(field);
      mapping[column] = field;
      return;
    }
    pending.push({ column, header: trimmed, key });
  });
  // Misspellings only after every exact match has claimed its field.
  for (const { column, header, key } of pending) {
    const close = key === "" ? null : closestField(key);
    if (close && (close.field === "phone" || !taken.has(close.field))) {
      fuzzy.push({ column, header, ...close });
      if (close.alternatives.length === 0) {
        taken.add(close.field);
        mapping[column] = close.field;
        continue;
      }
    }
    unmapped.push({ column, header, suggestedType: suggestType(key) });
  }
  unmapped.sort((a, b) => a.column - b.column);
  return { mapping, unmapped, fuzzy };
}
