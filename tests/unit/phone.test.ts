import { getCountries, getExampleNumber, parsePhoneNumberFromString } from "libphonenumber-js";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { formatPhoneForDisplay, phoneDisplayMap, toE164 } from "@/server/domain/phone";
import { phoneDigits } from "@/server/services/customers/fields";

describe("toE164", () => {
  it("parses a national number with the default country", () => {
    expect(toE164("98765 43210", "IN")).toEqual({ ok: true, e164: "+919876543210", extension: undefined });
    expect(toE164("(201) 555-0123", "US")).toMatchObject({ ok: true, e164: "+12015550123" });
    expect(toE164("020 7946 0958", "GB")).toMatchObject({ ok: true, e164: "+442079460958" });
  });

  it("accepts a lower-case country code", () => {
    expect(toE164("98765 43210", "in")).toMatchObject({ ok: true, e164: "+919876543210" });
  });

  it("keeps an international number's own country whatever the default", () => {
    expect(toE164("+44 20 7946 0958", "IN")).toMatchObject({ ok: true, e164: "+442079460958" });
    expect(toE164("+91-98765-43210")).toMatchObject({ ok: true, e164: "+919876543210" });
  });

  it("ignores an unsupported default country instead of throwing", () => {
    expect(toE164("98765 43210", "ZZ")).toEqual({ ok: false, reason: "Not a phone number." });
    expect(toE164("+919876543210", "ZZ")).toMatchObject({ ok: true, e164: "+919876543210" });
  });

  it("returns the extension separately", () => {
    expect(toE164("(201) 555-0123 ext. 42", "US")).toEqual({
      ok: true,
      e164: "+12015550123",
      extension: "42",
    });
  });

  it("refuses empty, non-numbers and invalid numbers with a reason", () => {
    expect(toE164("   ", "IN")).toEqual({ ok: false, reason: "Phone number is empty." });
    expect(toE164("hello", "IN")).toEqual({ ok: false, reason: "Not a phone number." });
    expect(toE164("12345", "IN")).toEqual({ ok: false, reason: "Not a valid phone number for IN." });
    // A national number without a default country cannot be placed.
    expect(toE164("98765 43210")).toEqual({ ok: false, reason: "Not a phone number." });
  });
});

describe("formatPhoneForDisplay", () => {
  it("formats a number of the business's country as people there write it", () => {
    expect(formatPhoneForDisplay("+12015550123", "us")).toBe("(201) 555-0123");
    expect(formatPhoneForDisplay("+442079460958", "GB")).toBe("020 7946 0958");
    expect(formatPhoneForDisplay("+61412345678", "AU")).toBe("0412 345 678");
  });

  it("writes an Indian number with +91 and no trunk 0 for an Indian business", () => {
    expect(formatPhoneForDisplay("+919491883981", "IN")).toBe("+91 94918 83981");
    expect(formatPhoneForDisplay("+919876543210", "in")).toBe("+91 98765 43210");
    // A landline keeps its area code.
    expect(formatPhoneForDisplay("+911123456789", "IN")).toBe("+91 11 2345 6789");
  });

  it("formats a foreign number internationally", () => {
    expect(formatPhoneForDisplay("+919876543210", "US")).toBe("+91 98765 43210");
    expect(formatPhoneForDisplay("+442079460958", "IN")).toBe("+44 20 7946 0958");
    expect(formatPhoneForDisplay("+12015550123")).toBe("+1 201 555 0123");
  });

  it("returns empty for nothing and the input for what it cannot parse", () => {
    expect(formatPhoneForDisplay(null)).toBe("");
    expect(formatPhoneForDisplay(undefined, "IN")).toBe("");
    expect(formatPhoneForDisplay("not a phone", "IN")).toBe("not a phone");
  });

  it("gives text that parses back to the same number with the business's country", () => {
    for (const [e164, country] of [
      ["+919491883981", "IN"],
      ["+12015550123", "US"],
      ["+442079460958", "GB"],
      ["+442079460958", "IN"],
    ] as const) {
      expect(toE164(formatPhoneForDisplay(e164, country), country)).toMatchObject({ ok: true, e164 });
    }
  });
});

describe("phoneDigits", () => {
  it("keeps the digits and the national number, as libphonenumber reads them, for every country", () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, mobileExamples);
      if (!example) continue;
      const e164 = example.number;
      expect(phoneDigits(e164), `${country} ${e164}`).toBe(
        [e164.slice(1), parsePhoneNumberFromString(e164)!.nationalNumber].join(" "),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("reads non-geographic numbers, joins phone and WhatsApp without repeats, and skips what is not a number", () => {
    expect(phoneDigits("+80012345678")).toBe("80012345678 12345678");
    expect(phoneDigits("+919876543210", "+919876543210")).toBe("919876543210 9876543210");
    expect(phoneDigits("+919876543210", "+12015550123")).toBe(
      "919876543210 9876543210 12015550123 2015550123",
    );
    expect(phoneDigits("+999123")).toBe("999123");
    expect(phoneDigits(null, undefined)).toBe("");
  });
});

describe("phoneDisplayMap", () => {
  it("formats every E.164 number in a page's data, at any depth, once each", () => {
    const data = [
      {
        pages: [
          {
            data: [
              { name: "Asha", phone: "+919491883981", whatsapp: "+919491883981", createdAt: new Date() },
              { name: "Sam", phone: "+12015550123", whatsapp: null, notes: ["call +442079460958"] },
            ],
          },
        ],
      },
      { changes: [{ field: "phone", from: "+12015550123", to: "98765" }] },
    ];
    expect(phoneDisplayMap(data, "US")).toEqual({
      "+919491883981": formatPhoneForDisplay("+919491883981", "US"),
      "+12015550123": "(201) 555-0123",
    });
    expect(phoneDisplayMap(data, "IN")["+919491883981"]).toBe("+91 94918 83981");
    expect(phoneDisplayMap(null, "IN")).toEqual({});
  });
});
