import { describe, expect, it } from "vitest";
import { type PreviewRow, savedValue } from "@/components/imports/fields";

const customer = {
  name: "Vivaan Singh",
  phone: "+919491883981",
  whatsapp: "+12015550123",
  tags: ["premium", "new"],
  customFields: {},
} as unknown as NonNullable<PreviewRow["customer"]>;

describe("the import preview's saved values", () => {
  it("shows phone and WhatsApp numbers as the business's country writes them", () => {
    expect(savedValue(customer, "phone", "Asia/Kolkata", "IN")).toBe("+91 94918 83981");
    expect(savedValue(customer, "whatsapp", "Asia/Kolkata", "IN")).toBe("+1 201 555 0123");
    expect(savedValue(customer, "whatsapp", "America/New_York", "US")).toBe("(201) 555-0123");
  });

  it("shows other values as they are saved", () => {
    expect(savedValue(customer, "tags", "UTC", "IN")).toBe("premium, new");
    expect(savedValue(null, "phone", "UTC", "IN")).toBe("");
  });
});
