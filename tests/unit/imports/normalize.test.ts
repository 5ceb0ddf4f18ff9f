import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import type { CustomFieldDefinition } from "@/server/services/imports/custom-values";
import { dateOrderFor, isoDateOf, parseDateText } from "@/server/services/imports/dates";
import { createRowNormalizer, type NormalizerOptions } from "@/server/services/imports/normalize";
import type { CustomerCandidate, MappingTarget, NormalizedRow } from "@/server/services/imports/types";

/**
 * A strict normalizer over columns named by their targets, e.g. `make(["name", "phone"], "US")`: every
 * invalid value refuses the row, so each rule's reason can be read (the default, lenient mode is below).
 */
function make(targets: MappingTarget[], defaultCountry = "US", extra: Partial<NormalizerOptions> = {}) {
  const mapping = Object.fromEntries(targets.map((t, i) => [i, t]));
  return createRowNormalizer({ mapping, defaultCountry, strict: true, ...extra });
}

function customer(row: NormalizedRow): CustomerCandidate {
  if ("skip" in row || !row.ok) throw new Error(`expected a customer, got ${JSON.stringify(row)}`);
  return row.customer;
}

function reasons(row: NormalizedRow): string[] {
  if ("skip" in row || row.ok) throw new Error(`expected errors, got ${JSON.stringify(row)}`);
  return row.errors.map((e) => `${e.field}: ${e.reason}`);
}

describe("createRowNormalizer: identity", () => {
  it("builds the name from first and last name when there is no full name", () => {
    const normalize = make(["firstName", "lastName", "email"]);
    expect(customer(normalize(["Sheryl", "Baxter", "zunigavanessa@smith.info"], 2)).name).toBe(
      "Sheryl Baxter",
    );
    expect(customer(normalize(["Sheryl", "", "s@example.com"], 3)).name).toBe("Sheryl");
    expect(customer(normalize(["", " Baxter ", "s@example.com"], 4)).name).toBe("Baxter");
    const withFull = make(["name", "firstName", "lastName"]);
    expect(customer(withFull(["Dr. Sheryl Baxter", "Sheryl", "Baxter"], 2)).name).toBe("Dr. Sheryl Baxter");
    expect(customer(withFull(["", "Sheryl", "Baxter"], 3)).name).toBe("Sheryl Baxter");
  });

  it("returns the whole candidate with every field, empty ones null", () => {
    const normalize = make(["name", "email", "phone", "whatsapp", "tags", "consentAt"], "IN");
    expect(
      normalize(
        ["Vishal Nair", "Vishal.Nair@Company.com", "8223073433", "6462789371", "new,regular", "2025-10-28"],
        3,
      ),
    ).toEqual({
      ok: true,
      customer: {
        name: "Vishal Nair",
        email: "vishal.nair@company.com",
        phone: "+918223073433",
        phoneExtension: null,
        whatsapp: "+916462789371",
        company: null,
        addressLine1: null,
        addressLine2: null,
        city: null,
        state: null,
        postalCode: null,
        country: null,
        tags: ["new", "regular"],
        source: null,
        lifecycleStage: null,
        dateOfBirth: null,
        anniversary: null,
        notes: null,
        emailConsent: null,
        whatsappConsent: null,
        smsConsent: null,
        consentAt: "2025-10-28T00:00:00.000Z",
        externalId: null,
        invalidValues: {},
        customFields: {},
      },
      warnings: [],
    });
  });

  it("needs a name, email or phone", () => {
    const normalize = make(["name", "email", "phone", "company"]);
    expect(normalize(["", "", "", "Acme"], 5)).toEqual({
      ok: false,
      errors: [{ field: "row", column: -1, value: "", reason: "This row needs a name, email or phone." }],
    });
    expect(customer(normalize(["", "", "(201) 555-0123", ""], 6)).phone).toBe("+12015550123");
  });

  it("does not add the identity error on top of an invalid email or phone", () => {
    const normalize = make(["name", "email", "phone"]);
    expect(reasons(normalize(["", "not-an-email", "", ""], 2))).toEqual([
      "email: Not a valid email address.",
    ]);
  });

  it("skips a repeated header row and rows of blanks", () => {
    const headers = ["Name", "Email", "Phone"];
    const normalize = make(["name", "email", "phone"], "US", { headers });
    expect(normalize(["Name", "Email", "Phone"], 50)).toEqual({ skip: "repeated header row" });
    expect(normalize([" name ", "EMAIL", "phone"], 51)).toEqual({ skip: "repeated header row" });
    expect(normalize(["", "  ", ""], 52)).toEqual({ skip: "empty row" });
    expect(normalize([], 53)).toEqual({ skip: "empty row" });
    expect(customer(normalize(["Name", "name@example.com", ""], 54)).name).toBe("Name");
  });

  it("reports every problem of a row at once, with field, column and value", () => {
    const normalize = make(["name", "email", "phone", "lifecycleStage", "dateOfBirth"]);
    expect(normalize(["Asha", "asha@", "(496)978-3969x58947", "vip", "31/02/1990"], 9)).toEqual({
      ok: false,
      errors: [
        { field: "email", column: 1, value: "asha@", reason: "Not a valid email address." },
        {
          field: "phone",
          column: 2,
          value: "(496)978-3969x58947",
          reason: "Not a valid phone number for US.",
        },
        {
          field: "lifecycleStage",
          column: 3,
          value: "vip",
          reason: "Unknown lifecycle stage; use lead, prospect, customer or churned.",
        },
        { field: "dateOfBirth", column: 4, value: "31/02/1990", reason: '"31/02/1990" is not a real date.' },
      ],
    });
  });
});

describe("createRowNormalizer: email and phones", () => {
  it("lower-cases and checks emails", () => {
    const normalize = make(["email"]);
    expect(customer(normalize(["  Asha.Verma@Example.IN "], 2)).email).toBe("asha.verma@example.in");
    expect(reasons(normalize(["a@example.com; b@example.com"], 3))).toEqual([
      "email: Holds more than one email address; keep one.",
    ]);
    expect(reasons(normalize(["095-557-11-99"], 4))).toEqual([
      "email: Looks like a phone number, not an email address; check the column mapping.",
    ]);
    expect(reasons(normalize([`${"a".repeat(250)}@example.com`], 5))).toEqual([
      "email: Longer than 254 characters.",
    ]);
  });

  it("normalises the US export's phone formats to E.164, keeping extensions", () => {
    const normalize = make(["phone"]);
    const phone = (text: string) => {
      const c = customer(normalize([text], 2));
      return [c.phone, c.phoneExtension];
    };
    expect(phone("5153435776")).toEqual(["+15153435776", null]);
    expect(phone("+1-539-402-0259")).toEqual(["+15394020259", null]);
    expect(phone("001-808-617-6467x12895")).toEqual(["+18086176467", "12895"]);
    expect(phone("(941)715-8720x950")).toEqual(["+19417158720", "950"]);
    expect(phone("828.230.1201x748")).toEqual(["+18282301201", "748"]);
    expect(reasons(normalize(["229.077.5154"], 3))).toEqual(["phone: Not a valid phone number for US."]);
    expect(reasons(normalize(["(496)978-3969x58947"], 4))).toEqual([
      "phone: Not a valid phone number for US.",
    ]);
    expect(reasons(normalize(["nastya@gmail.com"], 5))).toEqual([
      "phone: Looks like an email address, not a phone number; check the column mapping.",
    ]);
  });

  it("keeps WhatsApp empty when its cell is empty, never copying the phone", () => {
    const normalize = make(["name", "phone", "whatsapp"], "IN");
    const c = customer(normalize(["Reyansh", "8914926962", ""], 8));
    expect([c.phone, c.whatsapp]).toEqual(["+918914926962", null]);
    expect(customer(normalize(["Reyansh", "8914926962", "8914926962"], 9)).whatsapp).toBe("+918914926962");
    expect(reasons(make(["whatsapp", "name"])(["(201) 555-0123 x12", "Asha"], 2))).toEqual([
      "whatsapp: A WhatsApp number cannot have an extension.",
    ]);
  });

  it("undoes the apostrophe an export puts before + = - @", () => {
    const normalize = make(["name", "phone"], "IN");
    expect(customer(normalize(["'=Asha", "'+919876543210"], 2))).toMatchObject({
      name: "=Asha",
      phone: "+919876543210",
    });
    expect(customer(normalize(["O'Brien", ""], 3)).name).toBe("O'Brien");
  });
});

describe("createRowNormalizer: tags, stage, text limits", () => {
  it("splits tags on , ; | and dedupes them ignoring case, first spelling kept", () => {
    const normalize = make(["name", "tags"]);
    expect(customer(normalize(["Asha", " VIP, new;vip | Regular ||new"], 2)).tags).toEqual([
      "VIP",
      "new",
      "Regular",
    ]);
    expect(customer(normalize(["Asha", ""], 3)).tags).toEqual([]);
  });

  it("merges several tag columns", () => {
    const normalize = make(["name", "tags", "tags"]);
    expect(customer(normalize(["Asha", "vip", "VIP;gold"], 2)).tags).toEqual(["vip", "gold"]);
  });

  it("refuses tags over 50 characters and more than 100 tags", () => {
    const normalize = make(["name", "tags"]);
    expect(reasons(normalize(["Asha", `ok,${"x".repeat(51)}`], 2))).toEqual([
      `tags: The tag "${"x".repeat(20)}…" is longer than 50 characters.`,
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `t${i}`).join(",");
    expect(reasons(normalize(["Asha", many], 3))).toEqual(["tags: More than 100 tags (101)."]);
  });

  it("reads lifecycle stages and their synonyms", () => {
    const normalize = make(["name", "lifecycleStage"]);
    const stage = (v: string) => customer(normalize(["Asha", v], 2)).lifecycleStage;
    expect(stage("Lead")).toBe("lead");
    expect(stage("prospect")).toBe("prospect");
    expect(stage("Qualified Lead")).toBe("prospect");
    expect(stage("Client")).toBe("customer");
    expect(stage("closed-won")).toBe("customer");
    expect(stage("LOST")).toBe("churned");
    expect(stage("cancelled")).toBe("churned");
    expect(stage("")).toBeNull();
  });

  it("refuses values over their limits", () => {
    const normalize = make(["name", "company", "notes", "email"]);
    expect(reasons(normalize(["x".repeat(201), "y".repeat(201), "z".repeat(10_001), "a@b.co"], 2))).toEqual([
      "name: Longer than 200 characters.",
      "company: Longer than 200 characters.",
      "notes: Longer than 10,000 characters.",
    ]);
    expect(
      customer(normalize(["x".repeat(200), "y".repeat(200), "z".repeat(10_000), ""], 3)).notes,
    ).toHaveLength(10_000);
  });

  it("keeps address parts, source and external id as typed (trimmed)", () => {
    const normalize = make([
      "name",
      "addressLine1",
      "city",
      "state",
      "postalCode",
      "country",
      "source",
      "externalId",
    ]);
    expect(
      customer(
        normalize(["Asha", " 12 MG Road ", "Pune", "MH", "411001", "India", "Walk-in", "DD37Cf93aecA6Dc"], 2),
      ),
    ).toMatchObject({
      addressLine1: "12 MG Road",
      city: "Pune",
      state: "MH",
      postalCode: "411001",
      country: "India",
      source: "Walk-in",
      externalId: "DD37Cf93aecA6Dc",
    });
  });
});

describe("dates", () => {
  const iso = (text: string, country = "IN") => {
    const r = parseDateText(text, dateOrderFor(country));
    return r.ok ? isoDateOf(r.value) : r.reason;
  };

  it("reads ISO, day-first outside the US and month-first in the US", () => {
    expect(iso("1990-01-12")).toBe("1990-01-12");
    expect(iso("1990/1/2")).toBe("1990-01-02");
    expect(iso("03/04/1990", "IN")).toBe("1990-04-03");
    expect(iso("03/04/1990", "GB")).toBe("1990-04-03");
    expect(iso("03/04/1990", "US")).toBe("1990-03-04");
    expect(iso("12-01-1990", "IN")).toBe("1990-01-12");
    expect(iso("12.01.1990", "IR")).toBe("1990-01-12");
  });

  it("reads the other order only when the first reading is impossible", () => {
    expect(iso("25/12/1990", "US")).toBe("1990-12-25");
    expect(iso("12/25/1990", "IN")).toBe("1990-12-25");
  });

  it("reads month names and Excel serial numbers", () => {
    expect(iso("12 Jan 1990")).toBe("1990-01-12");
    expect(iso("12-Jan-1990")).toBe("1990-01-12");
    expect(iso("1st March, 2001")).toBe("2001-03-01");
    expect(iso("Jan 12, 1990")).toBe("1990-01-12");
    expect(iso("September 9 1999")).toBe("1999-09-09");
    expect(iso("32885")).toBe("1990-01-12");
    expect(iso("45658")).toBe("2025-01-01");
  });

  it("knows leap years", () => {
    expect(iso("29/02/2024")).toBe("2024-02-29");
    expect(iso("29/02/2000")).toBe("2000-02-29");
    expect(iso("29/02/1900")).toBe('"29/02/1900" is not a real date.');
    expect(iso("29/02/2023")).toBe('"29/02/2023" is not a real date.');
    expect(iso("31/04/2023")).toBe('"31/04/2023" is not a real date.');
  });

  it("explains what it refuses", () => {
    expect(iso("12/01/90")).toBe('"12/01/90" has a two-digit year; use four digits.');
    expect(iso("1990-02-30")).toBe('"1990-02-30" is not a real date.');
    expect(iso("0001-01-01")).toBe("The year 1 is out of range (1800-2200).");
    expect(iso("1990")).toBe('"1990" is not a date we can read; use YYYY-MM-DD.');
    expect(iso("someday")).toBe('"someday" is not a date we can read; use YYYY-MM-DD.');
  });

  it("fills date of birth and anniversary, refusing a birth date in the future", () => {
    const normalize = make(["name", "dateOfBirth", "anniversary"], "IN");
    expect(customer(normalize(["Asha", "12/01/1990", "5 May 2015"], 2))).toMatchObject({
      dateOfBirth: "1990-01-12",
      anniversary: "2015-05-05",
    });
    expect(reasons(normalize(["Asha", "2199-01-01", ""], 3))).toEqual([
      "dateOfBirth: The date of birth is in the future.",
    ]);
  });
});

describe("consent", () => {
  it("reads yes/no words per channel and leaves empty cells unknown", () => {
    const normalize = make(["name", "emailConsent", "whatsappConsent", "smsConsent"]);
    const consents = (cells: string[]) => {
      const c = customer(normalize(["Asha", ...cells], 2));
      return [c.emailConsent, c.whatsappConsent, c.smsConsent];
    };
    expect(consents(["yes", "No", ""])).toEqual([true, false, null]);
    expect(consents(["TRUE", "false", "1"])).toEqual([true, false, true]);
    expect(consents(["0", "y", "N"])).toEqual([false, true, false]);
    expect(consents(["Opt-in", "opted out", "subscribed"])).toEqual([true, false, true]);
    expect(reasons(normalize(["Asha", "maybe", "", ""], 3))).toEqual([
      "emailConsent: Not a yes/no value; use yes or no.",
    ]);
  });

  it("reads consentAt as a UTC instant, wall times in the business's time zone, empty as null", () => {
    const utc = make(["name", "consentAt"], "IN");
    expect(customer(utc(["Asha", "2025-12-10"], 2)).consentAt).toBe("2025-12-10T00:00:00.000Z");
    expect(customer(utc(["Asha", ""], 3)).consentAt).toBeNull();
    expect(customer(utc(["Asha", "2025-12-10T09:15:00Z"], 4)).consentAt).toBe("2025-12-10T09:15:00.000Z");
    expect(customer(utc(["Asha", "2025-12-10T09:15:00+05:30"], 5)).consentAt).toBe(
      "2025-12-10T03:45:00.000Z",
    );
    const kolkata = make(["name", "consentAt"], "IN", { timeZone: "Asia/Kolkata" });
    expect(customer(kolkata(["Asha", "2025-12-10"], 2)).consentAt).toBe("2025-12-09T18:30:00.000Z");
    expect(customer(kolkata(["Asha", "10/12/2025 2:30 PM"], 3)).consentAt).toBe("2025-12-10T09:00:00.000Z");
    const newYork = make(["name", "consentAt"], "US", { timeZone: "America/New_York" });
    expect(customer(newYork(["Asha", "07/04/2025 10:00"], 2)).consentAt).toBe("2025-07-04T14:00:00.000Z");
    expect(reasons(utc(["Asha", "yesterday"], 6))).toEqual([
      'consentAt: "yesterday" is not a date we can read; use YYYY-MM-DD.',
    ]);
  });
});

describe("custom fields", () => {
  const customFields: CustomFieldDefinition[] = [
    { key: "visits", type: "number" },
    { key: "member_since", type: "date" },
    { key: "vip", type: "boolean" },
    { key: "website", type: "url" },
    { key: "work_email", type: "email" },
    { key: "phone_2", type: "phone" },
    { key: "shoe_size", type: "text" },
    { key: "story", type: "long_text" },
    { key: "spent", type: "currency" },
    { key: "tier", type: "single_select", options: ["Gold", "Silver"] },
    { key: "interests", type: "multi_select", options: ["Yoga", "Spa", "Hair"] },
  ];
  const targets: MappingTarget[] = ["name", ...customFields.map((f) => `custom:${f.key}` as const)];
  const normalize = make(targets, "IN", { customFields, currency: "INR" });

  it("stores each type in the shape the app stores it", () => {
    expect(
      customer(
        normalize(
          [
            "Asha",
            "12,34,567.5",
            "24/08/2020",
            "Yes",
            "www.stephenson.com",
            "Asha@Work.com",
            "098765 43210",
            "7 ½",
            "line one\r\nline two",
            "₹ 1,250.50",
            "gold",
            "yoga; SPA | yoga",
          ],
          2,
        ),
      ).customFields,
    ).toEqual({
      visits: 1234567.5,
      member_since: "2020-08-24",
      vip: true,
      website: "https://www.stephenson.com/",
      work_email: "asha@work.com",
      phone_2: "+919876543210",
      shoe_size: "7 ½",
      story: "line one\nline two",
      spent: 125050,
      tier: "Gold",
      interests: ["Yoga", "Spa"],
    });
    expect(customer(normalize(["Asha", ...customFields.map(() => "")], 3)).customFields).toEqual({});
  });

  it("reports values that do not fit their type", () => {
    expect(
      reasons(
        normalize(
          [
            "Asha",
            "many",
            "soon",
            "perhaps",
            "ftp://files.example.com",
            "nope",
            "98765 43210 x12",
            "x".repeat(1001),
            "y".repeat(10_001),
            "12.505",
            "Bronze",
            "Yoga, Golf",
          ],
          2,
        ),
      ),
    ).toEqual([
      "customFields.visits: Not a number.",
      'customFields.member_since: "soon" is not a date we can read; use YYYY-MM-DD.',
      "customFields.vip: Not a yes/no value; use yes or no.",
      "customFields.website: Use a link that starts with http:// or https://.",
      "customFields.work_email: Not a valid email address.",
      "customFields.phone_2: Extensions cannot be stored in this field.",
      "customFields.shoe_size: Longer than 1,000 characters.",
      "customFields.story: Longer than 10,000 characters.",
      "customFields.spent: Use at most 2 decimals for INR.",
      "customFields.tier: Not one of the options (Gold, Silver).",
      'customFields.interests: "Golf" is not one of the options (Yoga, Spa, Hair).',
    ]);
  });

  it("reads amounts in the business's currency only", () => {
    const yen = make(["name", "custom:spent"], "JP", { customFields, currency: "JPY" });
    expect(customer(yen(["Aiko", "¥1,200"], 2)).customFields).toEqual({ spent: 1200 });
    expect(reasons(yen(["Aiko", "1200.5"], 3))).toEqual([
      "customFields.spent: JPY amounts have no decimals.",
    ]);
    expect(reasons(yen(["Aiko", "$12"], 4))).toEqual([
      "customFields.spent: Not an amount like 1250.50 (JPY).",
    ]);
  });

  it("refuses a mapping it cannot honour", () => {
    expect(() => make(["name", "custom:loyalty"], "US", { customFields })).toThrow(AppError);
    expect(() => make(["name", "custom:loyalty"], "US", { customFields })).toThrow(
      'Column 2 is mapped to an unknown custom field "loyalty".',
    );
    expect(() => make(["name", "custom:spent"], "US", { customFields })).toThrow(
      'The custom field "spent" holds amounts: the business\'s currency is needed.',
    );
    expect(() =>
      make(["name", "custom:tier"], "US", { customFields: [{ key: "tier", type: "single_select" }] }),
    ).toThrow('The custom field "tier" has no options to choose from.');
  });
});

describe("createRowNormalizer: an invalid value never costs the customer", () => {
  const lenient = (targets: MappingTarget[], country = "US", extra: Partial<NormalizerOptions> = {}) =>
    createRowNormalizer({
      mapping: Object.fromEntries(targets.map((t, i) => [i, t])),
      defaultCountry: country,
      ...extra,
    });

  it("imports a row with a name and a valid email whatever its phone, keeping the raw phone as a warning", () => {
    const normalize = lenient(["firstName", "lastName", "phone", "email", "dateOfBirth"]);
    const row = normalize(["Andrew", "Goodman", "846-790-46239x4715", "marie@gomez.info", "31/31/1990"], 2);
    expect(row).toMatchObject({
      ok: true,
      customer: {
        name: "Andrew Goodman",
        email: "marie@gomez.info",
        phone: null,
        dateOfBirth: null,
        invalidValues: {
          phone: { value: "846-790-46239x4715" },
          dateOfBirth: { value: "31/31/1990" },
        },
      },
    });
    expect("warnings" in row && row.warnings.map((w) => w.field)).toEqual(["phone", "dateOfBirth"]);
  });

  it("reads every phone column: the first valid number is the phone, other valid ones go to the notes", () => {
    const normalize = lenient(["name", "phone", "phone", "phone"]);
    const row = normalize(["Alvin Lane", "124-597-86529", "321.441.0588x6218", "+1 (415) 555-0100"], 2);
    const c = customer(row);
    expect(c.phone).toBe("+13214410588");
    expect(c.phoneExtension).toBe("6218");
    expect(c.notes).toBe("Other phone: +14155550100");
    expect(c.invalidValues.phone?.value).toBe("124-597-86529");
  });

  it("reads a row's phones with the country of its country column, else the business's", () => {
    const normalize = lenient(["name", "country", "phone"], "IN");
    expect(customer(normalize(["Ola Nordmann", "Norway", "412 34 567"], 2)).phone).toBe("+4741234567");
    expect(customer(normalize(["Ola Nordmann", "NO", "412 34 567"], 3)).phone).toBe("+4741234567");
    // A national Indian number on a row whose country is unknown or wrong still reads as Indian.
    expect(customer(normalize(["Asha", "Atlantis", "98765 43210"], 4)).phone).toBe("+919876543210");
    expect(customer(normalize(["Asha", "Norway", "98765 43210"], 5)).phone).toBe("+919876543210");
  });

  it("refuses only a row with no name and no usable contact, listing every problem", () => {
    const normalize = lenient(["name", "email", "phone"]);
    expect(normalize(["", "not-an-email", "123"], 2)).toMatchObject({
      ok: false,
      errors: [{ field: "email" }, { field: "phone" }],
    });
    expect(normalize(["", "", ""], 3)).toEqual({ skip: "empty row" });
    expect(customer(normalize(["", "a@b.co", "123"], 4)).email).toBe("a@b.co");
  });

  it("strict mode refuses a row with any invalid value", () => {
    const normalize = lenient(["name", "email", "phone"], "US", { strict: true });
    expect(reasons(normalize(["Jo", "jo@example.com", "123"], 2))).toEqual([
      "phone: Not a valid phone number for US.",
    ]);
  });

  it("undoes the apostrophe an error report put before a formula character", () => {
    const normalize = lenient(["name", "phone", "notes"]);
    const c = customer(normalize(["'=Jo", "'+1 415 555 0100", "'-5 stars"], 2));
    expect(c).toMatchObject({ name: "=Jo", phone: "+14155550100", notes: "-5 stars" });
  });
});
