import { describe, expect, it } from "vitest";
import { answersSchema, captureContext, checkAnswers, leadSource } from "@/server/domain/lead-form-answers";
import { definitionProblems, leadFormDefinitionSchema, publicDefinition } from "@/server/domain/lead-forms";

const definition = leadFormDefinitionSchema.parse({
  fields: [
    { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
    { key: "email", type: "email", label: "Email", mapTo: "email" },
    { key: "phone", type: "phone", label: "Phone", mapTo: "phone", defaultCountry: "IN" },
    { key: "guests", type: "number", label: "Guests", validation: { min: 1, max: 10 } },
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
    { key: "news", type: "consent", label: "Send me offers", consentChannel: "email" },
    { key: "code", type: "short_text", label: "Code", validation: { pattern: "[A-Z]{3}" } },
  ],
  settings: { title: "Book a free consultation", notify: { userIds: ["u1"], emails: [] } },
});

describe("lead form answers", () => {
  it("accepts values as an HTML form sends them and normalises them", () => {
    const result = checkAnswers(definition.fields, {
      name: "  Asha Rao ",
      email: "Asha@Example.COM",
      phone: "094918 83981",
      guests: "3",
      service: "hair",
      extras: ["tea", "music", "tea"],
      news: "on",
      _t: "token",
    });
    expect(result).toEqual({
      ok: true,
      answers: {
        name: "Asha Rao",
        email: "asha@example.com",
        phone: "+919491883981",
        guests: 3,
        service: "hair",
        extras: ["tea", "music"],
        news: true,
      },
    });
  });

  it("answers every bad field in the form's language, and unknown keys", () => {
    const result = checkAnswers(
      definition.fields,
      { email: "nope", phone: "12", guests: "40", service: "spa", code: "ab", admin: "1" },
      "es",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: "Este campo es obligatorio.",
        email: "Introduce un correo electrónico válido.",
        phone: "Introduce un número de teléfono válido.",
        guests: "Introduce 10 o menos.",
        service: "Elige una de las opciones.",
        code: "Revisa el formato.",
        admin: "Este campo no forma parte del formulario.",
      },
    });
  });

  it("refuses a megabyte of text in a short field", () => {
    const result = checkAnswers(definition.fields, { name: "x".repeat(1_000_000) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.name).toBe("Use at most 500 characters.");
  });

  it("exposes the same check as a zod schema with errors at the field key", () => {
    const parsed = answersSchema(definition.fields).safeParse({ email: "x" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["name", "email"]);
  });

  it("keeps the mapping, recipients and owner out of the public definition", () => {
    const pub = publicDefinition(definition);
    expect(JSON.stringify(pub)).not.toContain("mapTo");
    expect(JSON.stringify(pub)).not.toContain("u1");
    expect(pub.settings.title).toBe("Book a free consultation");
  });

  it("needs a field that can make a customer before it is published", () => {
    expect(definitionProblems(definition)).toEqual([]);
    const bare = leadFormDefinitionSchema.parse({
      fields: [{ key: "note", type: "long_text", label: "Note" }],
      settings: { title: "x" },
    });
    expect(definitionProblems(bare)).toEqual([
      "Map a field to the customer's name, email, phone or WhatsApp.",
    ]);
  });

  it("refuses two fields with one key or one target", () => {
    const parsed = leadFormDefinitionSchema.safeParse({
      fields: [
        { key: "a", type: "email", label: "A", mapTo: "email" },
        { key: "a", type: "email", label: "B", mapTo: "email" },
      ],
      settings: { title: "x" },
    });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["fields.1.key", "fields.1.mapTo"]);
  });
});

describe("submission context", () => {
  it("reads UTM parameters, ?source= and the referrer", () => {
    const context = captureContext({
      landingPage: "https://salon.example/book?utm_source=instagram&utm_campaign=diwali&source=story",
      referrer: "https://l.instagram.com/",
    });
    expect(context).toEqual({
      utm: { utm_source: "instagram", utm_campaign: "diwali" },
      source: "story",
      landingPage: "https://salon.example/book?utm_source=instagram&utm_campaign=diwali&source=story",
      referrer: "https://l.instagram.com/",
    });
    expect(leadSource(context, "website")).toBe("story");
    expect(leadSource({ utm: { utm_source: "google" } }, "website")).toBe("google");
    expect(leadSource({ utm: {} }, "website")).toBe("website");
  });

  it("drops what is not an http URL", () => {
    expect(captureContext({ landingPage: "javascript:alert(1)", referrer: 42 })).toEqual({ utm: {} });
  });
});
