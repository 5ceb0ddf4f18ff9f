import { describe, expect, it } from "vitest";
import { toE164 } from "@/server/domain/phone";
import { parsePhoneCell } from "@/server/services/imports/phone-cell";

/** Deterministic pseudo-random digits (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("parsePhoneCell", () => {
  it.each([
    ["229.077.5154", false],
    ["5153435776", true],
    ["+1-539-402-0259", true],
    ["(496)978-3969x58947", false],
    ["001-808-617-6467x12895", true],
    ["(941)715-8720x950", true],
    ["430-401-5228x35091", true],
    ["+1-360-693-4419x19272", true],
    ["828.230.1201x748", true],
  ])("reads the US export format %j (valid: %s)", (text, valid) => {
    const r = parsePhoneCell(text, "US");
    expect(r.ok).toBe(valid);
    if (!r.ok) expect(r.reason).toBe("Not a valid phone number for US.");
  });

  it("reads 001 as +1 in North America, and keeps the extension apart", () => {
    expect(parsePhoneCell("001-808-617-6467x12895", "US")).toEqual({
      ok: true,
      e164: "+18086176467",
      extension: "12895",
    });
    expect(parsePhoneCell("(941)715-8720x950", "US")).toEqual({
      ok: true,
      e164: "+19417158720",
      extension: "950",
    });
    expect(parsePhoneCell("0091 98765 43210", "IN")).toEqual({
      ok: true,
      e164: "+919876543210",
      extension: null,
    });
    expect(parsePhoneCell("(201) 555-0123 ext. 42", "US")).toEqual({
      ok: true,
      e164: "+12015550123",
      extension: "42",
    });
    // Elsewhere 001 is an ordinary international call to +1; in the US, 0049… is not read as Germany.
    expect(parsePhoneCell("001 808 617 6467", "GB")).toEqual({
      ok: true,
      e164: "+18086176467",
      extension: null,
    });
    expect(parsePhoneCell("0049143402", "US")).toEqual({
      ok: false,
      reason: "Not a valid phone number for US.",
    });
  });

  it("reads national numbers with the business's country, and any country in international form", () => {
    expect(parsePhoneCell("9491883981", "IN")).toEqual({ ok: true, e164: "+919491883981", extension: null });
    expect(parsePhoneCell("098765 43210", "IN")).toEqual({
      ok: true,
      e164: "+919876543210",
      extension: null,
    });
    expect(parsePhoneCell("0912 345 6789", "IR")).toEqual({
      ok: true,
      e164: "+989123456789",
      extension: null,
    });
    expect(parsePhoneCell("+44 20 7946 0958", "US")).toEqual({
      ok: true,
      e164: "+442079460958",
      extension: null,
    });
    expect(parsePhoneCell("604-858-6371", "US")).toEqual({ ok: true, e164: "+16048586371", extension: null });
  });

  it("reads Persian and Devanagari digits", () => {
    expect(parsePhoneCell("۰۹۱۲۳۴۵۶۷۸۹", "IR")).toEqual({ ok: true, e164: "+989123456789", extension: null });
    expect(parsePhoneCell("९८७६५ ४३२१०", "IN")).toEqual({ ok: true, e164: "+919876543210", extension: null });
  });

  it("explains numbers a spreadsheet turned into scientific notation", () => {
    const r = parsePhoneCell("9.49188E+09", "IN");
    expect(r).toEqual({
      ok: false,
      reason:
        '"9.49188E+09" was saved in scientific notation and has lost digits; format the column as text and export it again.',
    });
  });

  it("gives toE164's reasons", () => {
    expect(parsePhoneCell("12345", "IN")).toEqual({ ok: false, reason: "Not a valid phone number for IN." });
    expect(parsePhoneCell("hello", "US")).toEqual({ ok: false, reason: "Not a phone number." });
  });

  it("agrees with toE164 on every NANP area code starting with 0 or 1 (refused without searching)", () => {
    for (let npa = 0; npa < 200; npa++) {
      const digits = `${String(npa).padStart(3, "0")}5550123`;
      expect(toE164(digits, "US").ok).toBe(false);
      expect(toE164(`+1${digits}`, "US").ok).toBe(false);
      expect(parsePhoneCell(digits, "US").ok).toBe(false);
      expect(parsePhoneCell(`+1 ${digits}`, "CA").ok).toBe(false);
    }
  });

  it("agrees with toE164 on random North American numbers in every usual format", () => {
    const next = random(20_251_121);
    const formats = [
      (d: string) => d,
      (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
      (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
      (d: string) => `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
      (d: string) => `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
    ];
    let valid = 0;
    for (let i = 0; i < 1500; i++) {
      const digits = String(Math.floor(next() * 1e10)).padStart(10, "0");
      const text = formats[i % formats.length]!(digits);
      for (const country of ["US", "CA", "IN"]) {
        const expected = toE164(text, country);
        const actual = parsePhoneCell(text, country);
        expect({ text, country, ok: actual.ok }).toEqual({ text, country, ok: expected.ok });
        if (expected.ok && actual.ok) {
          valid++;
          expect(actual.e164).toBe(expected.e164);
        }
        // "001…" is read as +1 on purpose (see above); only the wording may differ.
        if (!expected.ok && !actual.ok && !digits.startsWith("001"))
          expect(actual.reason).toBe(expected.reason);
      }
    }
    expect(valid).toBeGreaterThan(300);
  });
});
