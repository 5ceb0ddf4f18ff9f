import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as restImport } from "@/app/api/v1/products/imports/route";
import type { Db } from "@/db/client";
import { parseTaxRate, suggestProductMapping } from "@/server/domain/product-import";
import { importProducts } from "@/server/services/products/import";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
const tmp = mkdtempSync(path.join(tmpdir(), "products-"));
beforeAll(async () => {
  db = (await testDb()).db;
});

async function clinic(country = "IN") {
  const owner = await createUser(db);
  const business = await createBusiness(db, {
    owner,
    country,
    ...(country === "IN" ? {} : { currency: "USD", timeZone: "America/New_York" }),
  });
  return { owner, business, businessId: business.id, asOwner: callerFor(db, owner) };
}

describe("catalog import", () => {
  it("reads tax rates and suggests columns from common names", () => {
    expect(parseTaxRate("18")).toEqual({ ok: true, basisPoints: 1800 });
    expect(parseTaxRate("12.5 %")).toEqual({ ok: true, basisPoints: 1250 });
    expect(parseTaxRate("0.18")).toEqual({ ok: true, basisPoints: 1800 });
    expect(parseTaxRate("")).toEqual({ ok: true, basisPoints: 0 });
    expect(parseTaxRate("120")).toMatchObject({ ok: false });
    expect(parseTaxRate("GST")).toMatchObject({ ok: false });
    expect(suggestProductMapping(["Item Name", "MRP", "GST %", "HSN Code", "UOM", "Notes"])).toEqual({
      "Item Name": "name",
      MRP: "unitPrice",
      "GST %": "taxRate",
      "HSN Code": "hsnSac",
      UOM: "unit",
      Notes: "ignore",
    });
  });

  it("imports a catalog, lists every refused row, and skips or updates names already there", async () => {
    const { businessId, asOwner } = await clinic();
    await asOwner.products.create({ businessId, name: "Consultation", unitPrice: 50_000 });
    const file = path.join(tmp, "catalog.csv");
    writeFileSync(
      file,
      [
        "Product Name,Price,GST Rate,HSN/SAC,Unit,Description",
        'Consultation,"₹1,000.00",18,999312,session,Doctor visit',
        "Blood test,500,18%,999316,test,",
        "Knee brace,1499.50,12,9021,piece,Adjustable",
        "Bad tax,100,abc,,,",
        "Bad hsn,100,18,12,,",
        ",100,18,,,",
        "Free price,free,,,,",
        "blood TEST,450,18,999316,test,",
      ].join("\n"),
    );
    const r = await importProducts(db, businessId, { filePath: file, fileName: "catalog.csv" });
    expect(r).toMatchObject({ rows: 8, created: 2, updated: 0, skipped: 2, failed: 4 });
    expect(r.errors.map((e) => [e.row, e.name])).toEqual([
      [5, "Bad tax"],
      [6, "Bad hsn"],
      [7, null],
      [8, "Free price"],
    ]);
    const list = await asOwner.products.list({ businessId });
    expect(list.data.map((p) => [p.name, p.unitPrice, p.taxes, p.hsnSac, p.unit])).toEqual([
      ["Blood test", 50_000, [{ name: "GST", rateBasisPoints: 1800 }], "999316", "test"],
      ["Consultation", 50_000, [], null, null],
      ["Knee brace", 149_950, [{ name: "GST", rateBasisPoints: 1200 }], "9021", "piece"],
    ]);
    const updated = await importProducts(db, businessId, {
      filePath: file,
      fileName: "catalog.csv",
      onDuplicate: "update",
    });
    expect(updated).toMatchObject({ created: 0, updated: 3 });
    const consultation = (await asOwner.products.list({ businessId, search: "Consult" })).data[0]!;
    expect(consultation).toMatchObject({ unitPrice: 100_000, hsnSac: "999312", description: "Doctor visit" });
  });

  it("reads an Excel catalog through REST, with a mapping and a named sales tax outside India", async () => {
    const { business, businessId, asOwner } = await clinic("US");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Catalog");
    ws.addRow(["SKU name", "Cost", "Tax"]);
    ws.addRow(["Yoga class", 25, 0.0875]);
    const file = path.join(tmp, "catalog.xlsx");
    await wb.xlsx.writeFile(file);
    const key = await createApiKeyFor(db, business);
    const form = new FormData();
    form.set("file", new File([await import("node:fs").then((fs) => fs.readFileSync(file))], "catalog.xlsx"));
    form.set("mapping", JSON.stringify({ "SKU name": "name", Cost: "unitPrice", Tax: "taxRate" }));
    const res = await restImport(
      new Request("http://localhost/api/v1/products/imports", {
        method: "POST",
        body: form,
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1, failed: 0 });
    const [yoga] = (await asOwner.products.list({ businessId })).data;
    expect(yoga).toMatchObject({
      name: "Yoga class",
      unitPrice: 2_500,
      taxes: [{ name: "Tax", rateBasisPoints: 875 }],
    });
  });
});
