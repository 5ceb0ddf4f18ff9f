import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  countrySchema,
  createBusinessInput,
  currencySchema,
  slugSchema,
  timeZoneSchema,
  updateBusinessInput,
} from "@/server/domain/business";

const valid = {
  name: "Asha Salon",
  slug: "asha-salon",
  country: "IN",
  timeZone: "Asia/Kolkata",
  currency: "INR",
};

/** Field path → messages of a failed parse. */
function issuesOf(result: z.ZodSafeParseResult<unknown>): Record<string, string[]> {
  if (result.success) throw new Error("expected the parse to fail");
  const out: Record<string, string[]> = {};
  for (const i of result.error.issues) {
    const key = i.path.join(".");
    out[key] = [...(out[key] ?? []), i.message];
  }
  return out;
}

describe("slugSchema", () => {
  it("trims and lower-cases", () => {
    expect(slugSchema.parse("  Asha-Salon ")).toBe("asha-salon");
  });

  it.each([
    ["ab", "Use at least 3 characters."],
    ["a".repeat(49), "Use at most 48 characters."],
    ["asha salon", "Use lowercase letters, digits and single hyphens."],
    ["asha--salon", "Use lowercase letters, digits and single hyphens."],
    ["-asha", "Use lowercase letters, digits and single hyphens."],
    ["asha-", "Use lowercase letters, digits and single hyphens."],
    ["asha_salon", "Use lowercase letters, digits and single hyphens."],
    ["admin", "This web address is reserved."],
    ["API", "This web address is reserved."],
    ["settings", "This web address is reserved."],
  ])("refuses %j", (slug, message) => {
    expect(issuesOf(slugSchema.safeParse(slug))[""]).toContain(message);
  });

  it("accepts digits and single hyphens", () => {
    expect(slugSchema.parse("shop-24x7")).toBe("shop-24x7");
    expect(slugSchema.parse("a".repeat(48))).toBe("a".repeat(48));
  });
});

describe("country, time zone and currency", () => {
  it("accepts ISO codes and IANA zones, normalising case", () => {
    expect(countrySchema.parse(" in ")).toBe("IN");
    expect(currencySchema.parse("inr")).toBe("INR");
    expect(timeZoneSchema.parse("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(timeZoneSchema.parse("UTC")).toBe("UTC");
  });

  it("accepts IANA links that are not CLDR canonical ids (Asia/Kolkata, Europe/Kyiv)", () => {
    // Node 20's Intl.supportedValuesOf lists Asia/Calcutta and Europe/Kiev only.
    for (const tz of ["Asia/Kolkata", "Asia/Calcutta", "Europe/Kyiv", "America/Argentina/Buenos_Aires"]) {
      expect(timeZoneSchema.parse(tz)).toBe(tz);
    }
  });

  it("refuses unknown values with a message for the user", () => {
    expect(issuesOf(countrySchema.safeParse("XX"))[""]).toEqual(["Choose a country."]);
    expect(issuesOf(timeZoneSchema.safeParse("Mars/Olympus"))[""]).toEqual(["Choose a valid time zone."]);
    expect(issuesOf(timeZoneSchema.safeParse("+05:30"))[""]).toEqual(["Choose a valid time zone."]);
    expect(issuesOf(currencySchema.safeParse("ABC"))[""]).toEqual(["Choose a valid currency."]);
  });
});

describe("createBusinessInput", () => {
  it("accepts a minimal business and fills optional text with null", () => {
    const out = createBusinessInput.parse(valid);
    expect(out).toMatchObject({ ...valid, description: null, phone: null, whatsappNumber: null });
  });

  it("normalises phone and WhatsApp numbers to E.164 with the business's country", () => {
    const out = createBusinessInput.parse({
      ...valid,
      phone: "98765 43210",
      whatsappNumber: "+91 91234 56789",
    });
    expect(out.phone).toBe("+919876543210");
    expect(out.whatsappNumber).toBe("+919123456789");
    const us = createBusinessInput.parse({ ...valid, country: "US", phone: "(201) 555-0123" });
    expect(us.phone).toBe("+12015550123");
  });

  it("turns blank optional text into null", () => {
    const out = createBusinessInput.parse({ ...valid, description: "   ", phone: "" });
    expect(out.description).toBeNull();
    expect(out.phone).toBeNull();
  });

  it("reports an invalid phone on its own field", () => {
    const issues = issuesOf(
      createBusinessInput.safeParse({ ...valid, phone: "12345", whatsappNumber: "abc" }),
    );
    expect(issues.phone).toEqual(["Not a valid phone number for IN."]);
    expect(issues.whatsappNumber).toEqual(["Not a phone number."]);
  });

  it("reports every bad field at once", () => {
    const issues = issuesOf(
      createBusinessInput.safeParse({
        name: " ",
        slug: "b",
        country: "XX",
        timeZone: "Nowhere",
        currency: "XYZ",
      }),
    );
    expect(Object.keys(issues).sort()).toEqual(["country", "currency", "name", "slug", "timeZone"]);
    expect(issues.name).toEqual(["Enter the business name."]);
  });

  it("refuses an unknown category", () => {
    expect(issuesOf(createBusinessInput.safeParse({ ...valid, category: "casino" })).category).toHaveLength(
      1,
    );
    expect(createBusinessInput.parse({ ...valid, category: "salon_spa" }).category).toBe("salon_spa");
  });
});

describe("updateBusinessInput", () => {
  it("accepts a partial update and leaves phones raw for the service", () => {
    expect(updateBusinessInput.parse({ name: "New name" })).toEqual({ name: "New name" });
    // Normalisation needs the stored country, so the service does it.
    expect(updateBusinessInput.parse({ phone: "98765 43210" })).toEqual({ phone: "98765 43210" });
  });

  it("still validates the fields it is given", () => {
    expect(
      Object.keys(issuesOf(updateBusinessInput.safeParse({ slug: "new", currency: "zzz" }))).sort(),
    ).toEqual(["currency", "slug"]);
  });
});
