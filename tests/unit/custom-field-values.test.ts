import { describe, expect, it } from "vitest";
import {
  type CustomFieldContext,
  checkCustomFieldValues,
  currencyExponent,
  customFieldKey,
  normalizeCustomFieldValue,
  parseMoney,
} from "@/server/services/custom-fields";

type Field = CustomFieldContext["fields"][number];
const field = (type: Field["type"], extra: Partial<Field> = {}): Field => ({
  key: extra.key ?? type,
  label: extra.label ?? type,
  type,
  options: extra.options ?? [],
  required: extra.required ?? false,
});
const IN = { country: "IN", currency: "INR" };
const US = { country: "US", currency: "USD" };
const ok = (value: unknown) => ({ ok: true, value });
const bad = { ok: false, message: expect.any(String) };

describe("customFieldKey", () => {
  it("derives snake_case ASCII keys from labels", () => {
    expect(customFieldKey("Date of joining")).toBe("date_of_joining");
    expect(customFieldKey("  Café   visits!! ")).toBe("cafe_visits");
    expect(customFieldKey("2nd phone")).toBe("f_2nd_phone");
    expect(customFieldKey("जन्मदिन")).toBe("field");
    expect(customFieldKey("GST No.")).toBe("gst_no");
    expect(customFieldKey("x".repeat(80))).toHaveLength(40);
  });
});

describe("normalizeCustomFieldValue", () => {
  it("text: trims, normalises line breaks, caps at 1,000 characters", () => {
    expect(normalizeCustomFieldValue(field("text"), "  hello  ", IN)).toEqual(ok("hello"));
    expect(normalizeCustomFieldValue(field("text"), 42, IN)).toEqual(ok("42"));
    expect(normalizeCustomFieldValue(field("text"), "é".repeat(1000), IN)).toEqual(ok("é".repeat(1000)));
    expect(normalizeCustomFieldValue(field("text"), "a".repeat(1001), IN)).toEqual({
      ok: false,
      message: "Use at most 1,000 characters.",
    });
    expect(normalizeCustomFieldValue(field("text"), true, IN)).toEqual(bad);
  });

  it("long_text: keeps newlines, caps at 10,000 characters (code points, not UTF-16 units)", () => {
    expect(normalizeCustomFieldValue(field("long_text"), "a\r\nb\rc", IN)).toEqual(ok("a\nb\nc"));
    expect(normalizeCustomFieldValue(field("long_text"), "😀".repeat(10_000), IN)).toEqual(
      ok("😀".repeat(10_000)),
    );
    expect(normalizeCustomFieldValue(field("long_text"), "a".repeat(10_001), IN)).toEqual({
      ok: false,
      message: "Use at most 10,000 characters.",
    });
  });

  it("number: finite numbers and numeric text, with thousands or lakh grouping", () => {
    expect(normalizeCustomFieldValue(field("number"), 12.5, IN)).toEqual(ok(12.5));
    expect(normalizeCustomFieldValue(field("number"), " -3.25 ", IN)).toEqual(ok(-3.25));
    expect(normalizeCustomFieldValue(field("number"), "1,234,567.5", IN)).toEqual(ok(1234567.5));
    expect(normalizeCustomFieldValue(field("number"), "12,34,567", IN)).toEqual(ok(1234567));
    for (const v of ["1,5", "12abc", "", "NaN", Number.NaN, Number.POSITIVE_INFINITY, "1.2.3", true]) {
      expect(normalizeCustomFieldValue(field("number"), v, IN), String(v)).toEqual(bad);
    }
  });

  it("currency: integer minor units, or major-unit text in the business currency", () => {
    expect(normalizeCustomFieldValue(field("currency"), 1250, IN)).toEqual(ok(1250));
    expect(normalizeCustomFieldValue(field("currency"), "12.50", IN)).toEqual(ok(1250));
    expect(normalizeCustomFieldValue(field("currency"), "₹ 1,200", IN)).toEqual(ok(120000));
    expect(normalizeCustomFieldValue(field("currency"), "INR 0.5", IN)).toEqual(ok(50));
    expect(normalizeCustomFieldValue(field("currency"), "$19.99", US)).toEqual(ok(1999));
    expect(normalizeCustomFieldValue(field("currency"), "-5", US)).toEqual(ok(-500));
    expect(normalizeCustomFieldValue(field("currency"), "1500", { country: "JP", currency: "JPY" })).toEqual(
      ok(1500),
    );
    // Not whole minor units, too many decimals, another currency's symbol.
    expect(normalizeCustomFieldValue(field("currency"), 12.5, IN)).toEqual(bad);
    expect(normalizeCustomFieldValue(field("currency"), "12.505", IN)).toEqual({
      ok: false,
      message: "Use at most 2 decimals for INR.",
    });
    expect(normalizeCustomFieldValue(field("currency"), "1.5", { country: "JP", currency: "JPY" })).toEqual({
      ok: false,
      message: "JPY amounts have no decimals.",
    });
    expect(normalizeCustomFieldValue(field("currency"), "$10", IN)).toEqual(bad);
  });

  it("currency exponents follow ISO 4217", () => {
    expect(currencyExponent("INR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
    expect(parseMoney("1.234", "BHD")).toEqual({ ok: true, minor: 1234 });
    expect(parseMoney("99999999999999999999", "INR")).toEqual({
      ok: false,
      message: "This amount is too large.",
    });
  });

  it("date: ISO calendar dates that exist", () => {
    expect(normalizeCustomFieldValue(field("date"), "2024-02-29", IN)).toEqual(ok("2024-02-29"));
    expect(normalizeCustomFieldValue(field("date"), " 2025-12-31 ", IN)).toEqual(ok("2025-12-31"));
    expect(normalizeCustomFieldValue(field("date"), "2025-02-29", IN)).toEqual({
      ok: false,
      message: "This date does not exist.",
    });
    for (const v of ["31/12/2025", "2025-13-01", "2025-1-5", "2025-01-05T10:00:00Z", 20250105]) {
      expect(normalizeCustomFieldValue(field("date"), v, IN), String(v)).toEqual(bad);
    }
  });

  it("boolean: booleans and yes/no words", () => {
    expect(normalizeCustomFieldValue(field("boolean"), true, IN)).toEqual(ok(true));
    expect(normalizeCustomFieldValue(field("boolean"), "Yes", IN)).toEqual(ok(true));
    expect(normalizeCustomFieldValue(field("boolean"), "0", IN)).toEqual(ok(false));
    expect(normalizeCustomFieldValue(field("boolean"), "false", IN)).toEqual(ok(false));
    expect(normalizeCustomFieldValue(field("boolean"), "maybe", IN)).toEqual(bad);
  });

  it("single_select: one of the options, matched case-insensitively, stored as spelled", () => {
    const f = field("single_select", { options: ["Gold", "Silver"] });
    expect(normalizeCustomFieldValue(f, "gold ", IN)).toEqual(ok("Gold"));
    expect(normalizeCustomFieldValue(f, "Bronze", IN)).toEqual({
      ok: false,
      message: "Choose one of the options.",
    });
    expect(normalizeCustomFieldValue(f, ["Gold"], IN)).toEqual(bad);
  });

  it("multi_select: a subset of the options, from an array or comma-separated text, deduplicated", () => {
    const f = field("multi_select", { options: ["Email", "WhatsApp", "SMS"] });
    expect(normalizeCustomFieldValue(f, ["sms", "Email", "SMS"], IN)).toEqual(ok(["SMS", "Email"]));
    expect(normalizeCustomFieldValue(f, "whatsapp, email", IN)).toEqual(ok(["WhatsApp", "Email"]));
    expect(normalizeCustomFieldValue(f, ["Email", "Fax"], IN)).toEqual({
      ok: false,
      message: '"Fax" is not one of the options.',
    });
  });

  it("url: http(s) only, scheme added when missing", () => {
    expect(normalizeCustomFieldValue(field("url"), "example.com/shop", IN)).toEqual(
      ok("https://example.com/shop"),
    );
    expect(normalizeCustomFieldValue(field("url"), "http://x.example.org", IN)).toEqual(
      ok("http://x.example.org/"),
    );
    for (const v of [
      "javascript:alert(1)",
      "ftp://example.com",
      "not a url",
      "localhost:3000x",
      "https://",
    ]) {
      expect(normalizeCustomFieldValue(field("url"), v, IN), v).toEqual(bad);
    }
    expect(normalizeCustomFieldValue(field("url"), `https://example.com/${"a".repeat(2100)}`, IN)).toEqual(
      bad,
    );
  });

  it("email: lower-cased and checked", () => {
    expect(normalizeCustomFieldValue(field("email"), " Ravi@Example.COM ", IN)).toEqual(
      ok("ravi@example.com"),
    );
    expect(normalizeCustomFieldValue(field("email"), "ravi@", IN)).toEqual(bad);
    expect(normalizeCustomFieldValue(field("email"), `${"a".repeat(250)}@x.io`, IN)).toEqual(bad);
  });

  it("phone: E.164 with the business country as default; extensions refused", () => {
    expect(normalizeCustomFieldValue(field("phone"), "94918 83981", IN)).toEqual(ok("+919491883981"));
    expect(normalizeCustomFieldValue(field("phone"), "(201) 555-0123", US)).toEqual(ok("+12015550123"));
    expect(normalizeCustomFieldValue(field("phone"), "+44 20 7946 0958", US)).toEqual(ok("+442079460958"));
    expect(normalizeCustomFieldValue(field("phone"), "12345", IN)).toEqual(bad);
    expect(normalizeCustomFieldValue(field("phone"), "(201) 555-0123 ext. 42", US)).toEqual({
      ok: false,
      message: "Extensions cannot be stored in this field.",
    });
  });
});

describe("checkCustomFieldValues", () => {
  const ctx: CustomFieldContext = {
    ...IN,
    fields: [
      field("text", { key: "gst_no", label: "GST No.", required: true }),
      field("number", { key: "visits", label: "Visits" }),
      field("single_select", { key: "tier", label: "Tier", options: ["Gold", "Silver"] }),
    ],
  };

  it("on create: requires required fields, drops empty ones, keys errors as customFields.<key>", () => {
    expect(checkCustomFieldValues(ctx, { visits: "3", tier: "" }, { partial: false })).toEqual({
      values: { visits: 3 },
      errors: { "customFields.gst_no": "GST No. is required." },
    });
    expect(checkCustomFieldValues(ctx, { gst_no: " 29ABCDE1234F1Z5 " }, { partial: false })).toEqual({
      values: { gst_no: "29ABCDE1234F1Z5" },
      errors: {},
    });
  });

  it("on update: checks only the given keys; null clears; a required field cannot be cleared", () => {
    expect(checkCustomFieldValues(ctx, { tier: null, visits: 4 }, { partial: true })).toEqual({
      values: { tier: null, visits: 4 },
      errors: {},
    });
    expect(checkCustomFieldValues(ctx, { gst_no: "" }, { partial: true }).errors).toEqual({
      "customFields.gst_no": "GST No. is required.",
    });
  });

  it("reports unknown keys and every bad value at once", () => {
    expect(
      checkCustomFieldValues(
        ctx,
        { gst_no: "x", visits: "many", tier: "Bronze", shoe: "9" },
        { partial: false },
      ).errors,
    ).toEqual({
      "customFields.visits": "Enter a number.",
      "customFields.tier": "Choose one of the options.",
      "customFields.shoe": "Unknown field.",
    });
  });
});
