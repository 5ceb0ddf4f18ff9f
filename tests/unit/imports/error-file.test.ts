import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { neutralizeCell, toCsvLine } from "@/server/services/imports/csv-safety";
import { createErrorReportWriter } from "@/server/services/imports/error-file";
import { mapHeaders } from "@/server/services/imports/headers";
import { createRowNormalizer } from "@/server/services/imports/normalize";
import { readCsv } from "@/server/services/imports/read-csv";
import type { SheetRow } from "@/server/services/imports/types";

const dir = mkdtempSync(path.join(tmpdir(), "error-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("neutralizeCell", () => {
  it("prefixes cells a spreadsheet would run (OWASP CSV injection)", () => {
    expect(neutralizeCell('=HYPERLINK("http://evil","click")')).toBe('\'=HYPERLINK("http://evil","click")');
    expect(neutralizeCell("+919876543210")).toBe("'+919876543210");
    expect(neutralizeCell("-2+3")).toBe("'-2+3");
    expect(neutralizeCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(neutralizeCell("\t=1+1")).toBe("'\t=1+1");
    expect(neutralizeCell("\r=1+1")).toBe("'\r=1+1");
  });

  it("leaves ordinary text alone", () => {
    for (const v of ["Asha Verma", "asha@example.in", "9876543210", "", " =not first", "a=b", "O'Brien"])
      expect(neutralizeCell(v)).toBe(v);
  });
});

describe("toCsvLine", () => {
  it("quotes what needs quoting (RFC 4180) after neutralizing", () => {
    expect(toCsvLine(["Asha", "Verma, A.", 'say "hi"', "two\nlines", "=1+2", " padded"])).toBe(
      'Asha,"Verma, A.","say ""hi""","two\nlines",\'=1+2," padded"\r\n',
    );
  });
});

describe("createErrorReportWriter", () => {
  it("writes the header plus Error, then each failed row with its reasons, neutralized", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const writer = createErrorReportWriter(out, ["Name", "Phone 1", "Email"]);
    await writer.add(
      ["Asha", "229.077.5154", "asha@"],
      [
        { field: "phone", column: 1, value: "229.077.5154", reason: "Not a valid phone number for US." },
        { field: "email", column: 2, value: "asha@", reason: "Not a valid email address." },
      ],
    );
    await writer.add(["=cmd|' /C calc'!A0", "", ""], ["This row needs a name, email or phone."]);
    await writer.add(
      ["Ravi"],
      [{ field: "row", column: -1, value: "", reason: "This row needs a name, email or phone." }],
    );
    await writer.close();
    expect(writer.rows).toBe(3);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(
      "\ufeffName,Phone 1,Email,Error\r\n" +
        "Asha,229.077.5154,asha@,Phone 1: Not a valid phone number for US.; Email: Not a valid email address.\r\n" +
        "'=cmd|' /C calc'!A0,,,\"This row needs a name, email or phone.\"\r\n" +
        'Ravi,,,"This row needs a name, email or phone."\r\n',
    );
  });

  it("keeps the Error column under its header for ragged rows", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const writer = createErrorReportWriter(out, ["Name", "Email"]);
    await writer.add(["Asha", "x", "extra"], ["Not a valid email address."]);
    await writer.close();
    expect(Buffer.concat(chunks).toString("utf8").split("\r\n")[1]).toBe(
      "Asha,x,Not a valid email address.,extra",
    );
  });

  it("streams many rows to a file and the corrected report imports again", async () => {
    const file = path.join(dir, "errors.csv");
    const header = ["Name", "Phone", "Email"];
    const writer = createErrorReportWriter(createWriteStream(file), header);
    for (let i = 0; i < 20_000; i++)
      await writer.add(
        [`Customer ${i}`, "+1-229-077-5154", `c${i}@example.com`],
        ["Phone: Not a valid phone number for US."],
      );
    await writer.close();
    expect(readFileSync(file, "utf8").split("\r\n")).toHaveLength(20_002);

    const rows: SheetRow[] = [];
    for await (const row of readCsv(file)) rows.push(row);
    expect(rows[0]!.cells).toEqual(["Name", "Phone", "Email", "Error"]);
    expect(rows[1]!.cells[1]).toBe("'+1-229-077-5154");
    const { mapping } = mapHeaders(rows[0]!.cells);
    expect(mapping).toEqual({ 0: "name", 1: "phone", 2: "email", 3: "ignore" });
    // The user fixes the number in the report and uploads it again: the apostrophe is not in the way.
    const normalize = createRowNormalizer({ mapping, defaultCountry: "US", headers: rows[0]!.cells });
    const fixed = [...rows[1]!.cells];
    fixed[1] = "'+1-539-402-0259";
    expect(normalize(fixed, 2)).toMatchObject({
      ok: true,
      customer: { name: "Customer 0", phone: "+15394020259" },
    });
  });
});
