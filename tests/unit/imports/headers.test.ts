import { describe, expect, it } from "vitest";
import { mapHeaders, normalizeHeader } from "@/server/services/imports/headers";

const fieldOf = (header: string) => mapHeaders([header]).mapping[0];

describe("normalizeHeader", () => {
  it("ignores case, spaces, underscores and punctuation", () => {
    expect(normalizeHeader(" E-Mail_Address ")).toBe("emailaddress");
    expect(normalizeHeader("Phone (1)")).toBe("phone1");
    expect(normalizeHeader("ＥＭＡＩＬ")).toBe("email");
    expect(normalizeHeader("Téléphone")).toBe("telephone");
  });

  it("keeps Persian and Hindi letters, with composed and decomposed nukta alike", () => {
    expect(normalizeHeader("شماره تلفن")).toBe("شمارهتلفن");
    expect(normalizeHeader("\u095eोन")).toBe(normalizeHeader("\u092b\u093cोन"));
  });
});

describe("mapHeaders", () => {
  it.each([
    ["name", "name"],
    ["Full Name", "name"],
    ["customer_name", "name"],
    ["Contact Name", "name"],
    ["First Name", "firstName"],
    ["last-name", "lastName"],
    ["Surname", "lastName"],
    ["phoneE164", "phone"],
    ["Phone", "phone"],
    ["Phone 1", "phone"],
    ["Mobile", "phone"],
    ["Mobile Number", "phone"],
    ["cell", "phone"],
    ["Contact Number", "phone"],
    ["Tel.", "phone"],
    ["whatsappE164", "whatsapp"],
    ["WhatsApp", "whatsapp"],
    ["WhatsApp Number", "whatsapp"],
    ["Email", "email"],
    ["e-mail", "email"],
    ["Email Address", "email"],
    ["tags", "tags"],
    ["Labels", "tags"],
    ["Groups", "tags"],
    ["consentAt", "consentAt"],
    ["Company", "company"],
    ["Organization", "company"],
    ["Business", "company"],
    ["Customer Id", "externalId"],
    ["Index", "ignore"],
    ["#", "ignore"],
    ["S.No.", "ignore"],
    ["Error", "ignore"],
    ["Address Line 2", "addressLine2"],
    ["ZIP", "postalCode"],
    ["PIN code", "postalCode"],
    ["DOB", "dateOfBirth"],
    ["Anniversary", "anniversary"],
    ["Lifecycle stage", "lifecycleStage"],
    ["Email opt-in", "emailConsent"],
    ["SMS consent", "smsConsent"],
    ["WhatsApp consent", "whatsappConsent"],
    ["Remarks", "notes"],
    ["Lead source", "source"],
  ])("maps %j to %s", (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each([
    ["نام", "name"],
    ["تلفن", "phone"],
    ["موبایل", "phone"],
    ["ایمیل", "email"],
    ["नाम", "name"],
    ["फ़ोन", "phone"],
    ["\u092b\u093cोन", "phone"],
    ["ईमेल", "email"],
  ])("maps the Persian or Hindi header %j to %s", (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it("maps the sample CRM export and leaves the rest for the user, with a type to suggest", () => {
    const headers = [
      "Index",
      "Customer Id",
      "First Name",
      "Last Name",
      "Company",
      "City",
      "Country",
      "Phone 1",
      "Phone 2",
      "Email",
      "Subscription Date",
      "Website",
    ];
    expect(mapHeaders(headers)).toEqual({
      mapping: {
        0: "ignore",
        1: "externalId",
        2: "firstName",
        3: "lastName",
        4: "company",
        5: "city",
        6: "country",
        7: "phone",
        8: "phone",
        9: "email",
      },
      fuzzy: [],
      unmapped: [
        { column: 10, header: "Subscription Date", suggestedType: "date" },
        { column: 11, header: "Website", suggestedType: "url" },
      ],
    });
  });

  it("reads every phone column as a phone (the row's first valid number wins)", () => {
    for (const header of ["Phone 2", "phone2", "Mobile 2", "Alternate phone", "Work Phone", "Other number"])
      expect(mapHeaders(["Name", "Phone", header]).mapping).toEqual({ 0: "name", 1: "phone", 2: "phone" });
    expect(mapHeaders(["Mobile", "Phone"]).mapping).toEqual({ 0: "phone", 1: "phone" });
  });

  it("tolerates abbreviations and small misspellings, as suggestions to confirm", () => {
    const suggestion = mapHeaders([
      "Frist Name",
      "LAST_NAME",
      "Emial",
      "Mob. No.",
      "Ctry",
      "Compnay",
      "Xyzzy",
    ]);
    expect(suggestion.mapping).toEqual({
      0: "firstName",
      1: "lastName",
      2: "email",
      3: "phone",
      4: "country",
      5: "company",
    });
    expect(suggestion.fuzzy.map((f) => [f.header, f.field])).toEqual([
      ["Frist Name", "firstName"],
      ["Emial", "email"],
      ["Compnay", "company"],
    ]);
    expect(suggestion.unmapped).toEqual([{ column: 6, header: "Xyzzy", suggestedType: "text" }]);
  });

  it("gives a field to the first matching column only", () => {
    expect(mapHeaders(["Mobile", "Phone", "Email", "E-mail"])).toEqual({
      mapping: { 0: "phone", 1: "phone", 2: "email" },
      fuzzy: [],
      unmapped: [{ column: 3, header: "E-mail", suggestedType: "email" }],
    });
  });

  it("returns columns with an unknown or empty header as unmapped", () => {
    expect(mapHeaders(["Name", "Favourite colour", "", "Total spent", "Is VIP"]).unmapped).toEqual([
      { column: 1, header: "Favourite colour", suggestedType: "text" },
      { column: 2, header: "", suggestedType: "text" },
      { column: 3, header: "Total spent", suggestedType: "number" },
      { column: 4, header: "Is VIP", suggestedType: "boolean" },
    ]);
  });
});
