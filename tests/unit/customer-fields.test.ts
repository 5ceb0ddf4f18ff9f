import { describe, expect, it } from "vitest";
import {
  customerFieldDefinitions,
  customerFieldLabel,
  exportedFields,
  importableFields,
  plainTextFields,
} from "@/server/domain/customer-fields";
import {
  CUSTOMER_LIMITS,
  createCustomerInput,
  customerOutput,
  exportColumns,
} from "@/server/domain/customers";
import { exportHeaders } from "@/server/services/customers/export";
import { mapHeaders, normalizeHeader } from "@/server/services/imports/headers";
import { importFields } from "@/server/services/imports/types";
import { columns } from "@/server/services/imports/values";

/** Every list of customer fields is derived from the one definition; these prove they agree. */
describe("the customer field definition", () => {
  it("gives every plain text field an input, an output, a limit and an import column", () => {
    const input = createCustomerInput.shape as Record<string, unknown>;
    const output = customerOutput.shape as Record<string, unknown>;
    const written = new Set(columns.map(([key]) => key));
    expect(plainTextFields).toContain("company");
    for (const k of plainTextFields) {
      expect(input[k], k).toBeDefined();
      expect(output[k], k).toBeDefined();
      expect(CUSTOMER_LIMITS[k], k).toBe(customerFieldDefinitions[k].max);
      expect(written.has(k), k).toBe(true);
    }
    // A value too long for its field is refused with that field's limit.
    const tooLong = createCustomerInput.safeParse({ name: "A", city: "x".repeat(101) });
    expect(tooLong.success).toBe(false);
  });

  it("lists the importable fields in the wizard and maps their labels back", () => {
    expect(importFields).toEqual([...importableFields, "ignore"]);
    for (const k of importableFields) expect(customerFieldLabel(k)).not.toBe(k);
    expect(customerFieldLabel("addressLine1")).toBe("Address line 1");
    expect(customerFieldLabel("unknownField")).toBe("unknownField");
  });

  it("exports every exported field under a header the importer maps back to it", () => {
    const headerOf = exportHeaders as Record<string, string>;
    for (const c of exportColumns) expect(headerOf[c], c).toBeTruthy();
    const importable = new Set<string>(importableFields);
    for (const { key, header } of exportedFields) {
      expect(exportColumns as readonly string[]).toContain(key);
      if (!importable.has(key)) continue;
      const { mapping } = mapHeaders([header]);
      expect(mapping[0], `${header} (${normalizeHeader(header)})`).toBe(key);
    }
  });
});
