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
  firstName: ["firstname", "givenname", "forename", "fname", "first", "نامکوچک", "पहलानाम"],
  lastName: ["lastname", "surname", "familyname", "lname", "last", "نامخانوادگی", "उपनाम", "अंतिमनाम"],
  email: [
    "email",
    "emails",
    "emailaddress",
    "emailid",
    "mail",
    "primaryemail",
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
  country: ["country", "countryname", "کشور", "देश"],
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
 * Headers that hold a second phone. They are left unmapped, with a phone custom field suggested, so a
 * second number never overwrites or competes with the primary phone.
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

export interface HeaderSuggestion {
  /** Column index (0-based) → field, for the columns recognised. */
  mapping: ColumnMapping;
  /** Columns left for the user: map them, create a custom field from them, or ignore them. */
  unmapped: UnmappedColumn[];
}

function suggestType(normalized: string): CustomFieldType {
  for (const [pattern, type] of typeHints) if (pattern.test(normalized)) return type;
  return "text";
}

/**
 * Suggests a column → field mapping from header names, insensitive to case, spaces, underscores and
 * punctuation (see `normalizeHeader`). The first column matching a field wins; a later one with the same
 * field is left unmapped. A second phone ("Phone 2", "Alternate phone") is left unmapped with a phone
 * custom field suggested. "#", "Index", "S.No." and the "Error" column of an error report → `ignore`.
 *
 * @param headers the cells of the header row
 * @returns the mapping, and the unmapped columns with a suggested custom field type
 */
export function mapHeaders(headers: string[]): HeaderSuggestion {
  const mapping: ColumnMapping = {};
  const unmapped: UnmappedColumn[] = [];
  const taken = new Set<ImportField>();
  headers.forEach((header, column) => {
    const trimmed = header.trim();
    const key = normalizeHeader(trimmed);
    if (trimmed === "#") {
      mapping[column] = "ignore";
      return;
    }
    const isSecondaryPhone = secondaryPhone.test(key);
    const field = isSecondaryPhone ? undefined : aliasToField.get(key);
    if (field === "ignore") {
      mapping[column] = "ignore";
      return;
    }
    if (field && !taken.has(field)) {
      taken.add(field);
      mapping[column] = field;
      return;
    }
    unmapped.push({ column, header: trimmed, suggestedType: isSecondaryPhone ? "phone" : suggestType(key) });
  });
  return { mapping, unmapped };
}
