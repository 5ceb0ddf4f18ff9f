import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PublicLeadForm } from "@/components/lead-forms/public-form";
import { leadFormDefinitionSchema, publicDefinition } from "@/server/domain/lead-forms";

const definition = publicDefinition(
  leadFormDefinitionSchema.parse({
    fields: [
      { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
      { key: "email", type: "email", label: "Email", mapTo: "email", helpText: "We reply here." },
      { key: "phone", type: "phone", label: "Phone", mapTo: "phone" },
      { key: "notes", type: "long_text", label: "Notes" },
      { key: "guests", type: "number", label: "Guests", validation: { min: 1, max: 10 } },
      { key: "day", type: "date", label: "Day" },
      {
        key: "service",
        type: "select",
        label: "Service",
        options: [
          { value: "hair", label: "Hair" },
          { value: "nails", label: "Nails" },
        ],
      },
      {
        key: "extras",
        type: "multi_select",
        label: "Extras",
        options: [
          { value: "tea", label: "Tea" },
          { value: "music", label: "Music" },
        ],
      },
      { key: "terms", type: "checkbox", label: "I read the terms" },
      { key: "news", type: "consent", label: "Send me offers by email", consentChannel: "email" },
      { key: "campaign", type: "hidden", label: "Campaign", param: "c" },
    ],
    settings: { title: "Book a free consultation", theme: { primaryColor: "#ff0000", mode: "dark" } },
  }),
);

const html = (props: Partial<Parameters<typeof PublicLeadForm>[0]> = {}) =>
  renderToStaticMarkup(createElement(PublicLeadForm, { definition, ...props }));

describe("the public lead form", () => {
  it("renders every field type with labels, the honeypot, the token and the theme", () => {
    const out = html({ action: "/api/forms/x/submit", token: "tok", hiddenValues: { c: "spring" } });
    expect(out).toContain('action="/api/forms/x/submit"');
    expect(out).toContain('method="post"');
    for (const key of ["name", "email", "phone", "guests", "day", "service", "terms", "news"])
      expect(out).toMatch(new RegExp(`<label[^>]*for="mcf-${key}"`));
    expect(out).toContain('type="email"');
    expect(out).toContain('type="tel"');
    expect(out).toContain("<textarea");
    expect(out).toContain('type="date"');
    expect(out).toContain('min="1" max="10"');
    expect(out).toContain("<legend");
    expect(out).toContain('name="extras" value="tea"');
    expect(out).toContain('<input type="hidden" name="campaign" value="spring"/>');
    expect(out).toContain('<input type="hidden" name="_t" value="tok"/>');
    expect(out).toMatch(
      /<div class="mcf-hp" aria-hidden="true">.*tabindex="-1" autocomplete="off" name="_hp"/i,
    );
    expect(out).toContain("--mcf-primary:#ff0000");
    expect(out).toContain('data-mode="dark"');
    expect(out).toContain('dir="ltr"');
    expect(out).toContain("We reply here.");
    expect(out).toMatch(/<input id="mcf-name"[^>]*required=""/);
  });

  it("shows errors next to their fields and keeps the visitor's values", () => {
    const out = html({
      action: "/x",
      errors: { email: "Enter a valid email address." },
      values: { name: "Asha", email: "asha@", extras: ["music"], news: "on", service: "nails" },
    });
    expect(out).toMatch(
      /id="mcf-email" aria-invalid="true" aria-describedby="mcf-email-help mcf-email-error"/,
    );
    expect(out).toContain('id="mcf-email-error" data-error-for="email">Enter a valid email address.</p>');
    expect(out).toContain('value="Asha"');
    expect(out).toMatch(/checked="" value="music"/);
    expect(out).toMatch(/name="news"[^>]*checked=""/);
    expect(out).toContain('<option value="nails" selected="">');
  });

  it("is right-to-left in Persian and Arabic with the built-in texts of the language", () => {
    const fa = { ...definition, settings: { ...definition.settings, language: "fa" as const } };
    const out = renderToStaticMarkup(createElement(PublicLeadForm, { definition: fa, action: "/x" }));
    expect(out).toContain('dir="rtl"');
    expect(out).toContain('lang="fa"');
    expect(out).toContain(">ارسال</button>");
  });

  it("has no form element in the preview and shows hidden fields as notes", () => {
    const out = html({ preview: true });
    expect(out).not.toContain("<form");
    expect(out).not.toContain('name="_t"');
    expect(out).toContain('type="button"');
    expect(out).toContain("?c=");
  });
});
