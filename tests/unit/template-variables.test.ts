import { describe, expect, it } from "vitest";
import {
  checkTemplateVariables,
  customerVariable,
  parseTemplate,
  renderTemplateText,
  type TemplateCustomer,
  templateVariables,
} from "@/server/domain/template-variables";

const customer: TemplateCustomer = {
  name: "  Asha  Devi Rao ",
  email: "asha@example.com",
  phone: "+919876543210",
  whatsapp: null,
  company: "Rao & Sons",
  city: "Pune",
  country: "IN",
  customFields: { plan: "Gold", visits: 12, vip: true, pets: ["cat", "dog"], empty: null },
};

describe("template variables", () => {
  it("reads variables with double- or single-quoted defaults, and leaves other text alone", () => {
    expect(
      parseTemplate(`Hi {{ customer.firstName | default: "there" }}, {{customer.city|default:'x'}}!`),
    ).toEqual({
      parts: [
        "Hi ",
        { path: "customer.firstName", fallback: "there" },
        ", ",
        { path: "customer.city", fallback: "x" },
        "!",
      ],
    });
    expect(parseTemplate("no variables { here }")).toEqual({ parts: ["no variables { here }"] });
    expect(parseTemplate("{{customer.name}}")).toEqual({
      parts: [{ path: "customer.name", fallback: null }],
    });
  });

  it("reports an unclosed brace and a malformed variable", () => {
    expect(parseTemplate("Hi {{customer.name")).toEqual({ error: 'A "{{" is not closed with "}}".' });
    expect(parseTemplate("Hi {{customer name}}").error).toMatch(/is not a variable/);
    expect(parseTemplate('Hi {{customer.name | upper: "x"}}').error).toMatch(/is not a variable/);
  });

  it("derives first and last name, custom fields as text, and empty for what is missing", () => {
    expect(customerVariable(customer, "customer.firstName")).toBe("Asha");
    expect(customerVariable(customer, "customer.lastName")).toBe("Devi Rao");
    expect(customerVariable(customer, "customer.name")).toBe("Asha  Devi Rao");
    expect(customerVariable(customer, "customer.whatsapp")).toBe("");
    expect(customerVariable(customer, "customer.custom.plan")).toBe("Gold");
    expect(customerVariable(customer, "customer.custom.visits")).toBe("12");
    expect(customerVariable(customer, "customer.custom.vip")).toBe("Yes");
    expect(customerVariable(customer, "customer.custom.pets")).toBe("cat, dog");
    expect(customerVariable(customer, "customer.custom.empty")).toBe("");
    expect(customerVariable(customer, "customer.custom.toString")).toBe("");
  });

  it("uses the fallback for blank values, escapes for HTML and writes text as is", () => {
    const values: Record<string, string> = {
      "customer.firstName": "",
      "customer.company": "<b>Rao</b> & Sons",
    };
    const resolve = (p: string) => values[p] ?? "";
    expect(renderTemplateText('Hi {{customer.firstName | default: "there"}}', resolve)).toBe("Hi there");
    expect(renderTemplateText("{{customer.company}}", resolve, "html")).toBe(
      "&lt;b&gt;Rao&lt;/b&gt; &amp; Sons",
    );
    expect(renderTemplateText("{{customer.company}}", resolve, "text")).toBe("<b>Rao</b> & Sons");
    expect(renderTemplateText("https://x.example/{{customer.company}}", resolve, "url-html")).toBe(
      "https://x.example/%3Cb%3ERao%3C/b%3E%20&amp;%20Sons",
    );
  });

  it("names each field with an unknown variable, an unclosed brace or an unsafe address", () => {
    const errors = checkTemplateVariables(
      {
        subject: "Hi {{customer.nickname}}",
        preheader: "{{customer.firstName",
        blocks: [
          { type: "heading", text: "Hello {{customer.firstName}}", level: 1 },
          { type: "text", text: "Plan: {{customer.custom.plan}}, tier {{customer.custom.tier}}" },
          { type: "button", label: "Go", url: "{{customer.custom.plan}}" },
          { type: "image", url: "https://img.example/{{customer.custom.plan}}.png", alt: "" },
          { type: "text", text: "[Open]({{customer.custom.plan}})" },
          { type: "button", label: "Leave", url: "{{unsubscribeUrl}}" },
        ],
      },
      ["plan"],
    );
    expect(errors).toEqual({
      subject: expect.stringContaining("Unknown variable {{customer.nickname}}"),
      preheader: 'A "{{" is not closed with "}}".',
      "blocks[1].text": expect.stringContaining("{{customer.custom.tier}}"),
      "blocks[2].url": expect.stringContaining("https://"),
      "blocks[4].text": expect.stringContaining("https://"),
    });
  });

  it("lists the fixed variables and one per custom field for the Insert variable menu", () => {
    const paths = templateVariables([{ key: "plan", label: "Plan" }]).map((v) => v.path);
    expect(paths).toContain("customer.firstName");
    expect(paths).toContain("business.name");
    expect(paths.at(-1)).toBe("customer.custom.plan");
  });
});
