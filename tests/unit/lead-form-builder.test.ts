import { describe, expect, it } from "vitest";
import {
  definitionErrors,
  errorAt,
  firstFieldWithError,
  freeKey,
  move,
  newCustomField,
  newField,
  previewDefinition,
  stateFrom,
} from "@/components/lead-forms/builder/builder-state";
import { defaultLeadFormDefinition, embedSnippets } from "@/server/domain/lead-form-contracts";
import { fieldForCustomField, mapTargetsFor, mapToProblem } from "@/server/domain/lead-form-mapping";

const customFields = [
  { key: "visits", label: "Visits", type: "number" as const },
  { key: "plan", label: "Plan", type: "single_select" as const, options: ["Basic", "Gold"] },
  { key: "vip", label: "VIP", type: "boolean" as const },
];

describe("lead form mapping", () => {
  it("offers only the customer fields a field's type fits", () => {
    expect(mapTargetsFor("email", customFields).map((t) => t.value)).toEqual(["email"]);
    expect(mapTargetsFor("number", customFields).map((t) => t.value)).toEqual(["custom.visits"]);
    expect(mapTargetsFor("checkbox", customFields).map((t) => t.label)).toEqual(["VIP"]);
    expect(mapTargetsFor("date", customFields).map((t) => t.value)).toEqual(["dateOfBirth", "anniversary"]);
    expect(mapTargetsFor("short_text", customFields).map((t) => t.value)).toContain("custom.plan");
  });

  it("names what does not fit, and a custom field that does not exist", () => {
    expect(mapToProblem("phone", "phone", customFields)).toBeNull();
    expect(mapToProblem("whatsapp", "phone", customFields)).toBeNull();
    expect(mapToProblem("short_text", "email", customFields)).toBe("A short text field cannot fill Email.");
    expect(mapToProblem("date", "custom.visits", customFields)).toBe("A date field cannot fill Visits.");
    expect(mapToProblem("number", "custom.gone", customFields)).toBe("No such custom field; choose another.");
    expect(mapToProblem("number", "nickname", customFields)).toBe("Choose a customer field.");
  });

  it("adds a custom field as the field type that fits it, with its choices", () => {
    expect(fieldForCustomField(customFields[1]!, "plan")).toEqual({
      key: "plan",
      type: "select",
      label: "Plan",
      required: false,
      mapTo: "custom.plan",
      options: [
        { value: "Basic", label: "Basic" },
        { value: "Gold", label: "Gold" },
      ],
    });
    expect(fieldForCustomField(customFields[2]!, "vip").type).toBe("checkbox");
  });
});

describe("lead form builder state", () => {
  it("makes free keys from labels", () => {
    expect(freeKey("Email", [])).toBe("email");
    expect(freeKey("email", ["email", "email_2"])).toBe("email_3");
    expect(freeKey("2nd phone!", [])).toBe("f_2nd_phone");
    expect(freeKey("!!!", [])).toBe("field");
  });

  it("moves items and adds new fields with free keys", () => {
    expect(move(["a", "b", "c", "d"], 3, 1)).toEqual(["a", "d", "b", "c"]);
    expect(move(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    const phone = newField("phone", ["phone"], "IN");
    expect(phone).toMatchObject({ key: "phone_2", type: "phone", defaultCountry: "IN", required: false });
    expect(newField("consent", [])).toMatchObject({ consentChannel: "email" });
    expect(newField("select", []).options).toHaveLength(2);
    expect(newCustomField(customFields[0]!, ["visits"])).toMatchObject({
      key: "visits_2",
      mapTo: "custom.visits",
    });
  });

  it("checks the definition with the server's schema, naming the same paths", () => {
    const state = stateFrom("Contact", defaultLeadFormDefinition("Contact", "IN"));
    expect(definitionErrors(state)).toEqual({});
    state.items[1]!.field = { ...state.items[1]!.field, key: "name", label: "" };
    state.settings = { ...state.settings, theme: { ...state.settings.theme, primaryColor: "red" } };
    const errors = definitionErrors(state);
    expect(errors).toMatchObject({
      "definition.fields.1.label": "Give the field a label.",
      "definition.fields.1.key": 'Another field uses "name".',
      "definition.settings.theme.primaryColor": "Use a colour like #2563eb.",
    });
    expect(firstFieldWithError(errors)).toBe(1);
    expect(errorAt(errors, "definition.settings.theme")).toBe("Use a colour like #2563eb.");
    expect(errorAt(errors, "definition.fields.0")).toBeUndefined();
  });

  it("keeps the preview renderable while a field is half edited, without mappings", () => {
    const state = stateFrom("Contact", defaultLeadFormDefinition("Contact"));
    state.items[0]!.field = { ...state.items[0]!.field, label: "  " };
    state.settings = { ...state.settings, title: "" };
    const preview = previewDefinition(state);
    expect(preview.fields[0]).toMatchObject({ label: "Untitled" });
    expect(preview.fields[0]).not.toHaveProperty("mapTo");
    expect(preview.settings.title).toBe("Untitled form");
  });
});

describe("share codes", () => {
  it("builds the link and the one-line embed from the app's address", () => {
    const s = embedSnippets("https://crm.example.com/", "0b5c2f2e-1111-4222-8333-444455556666");
    expect(s.hosted).toBe("https://crm.example.com/f/0b5c2f2e-1111-4222-8333-444455556666");
    expect(s.inline).toBe(
      '<script src="https://crm.example.com/embed.js" data-form="0b5c2f2e-1111-4222-8333-444455556666" async></script>',
    );
    // The popup opens from its own button, by the selector embed.js reads from data-trigger.
    expect(s.popup).toContain('<button type="button" id="minicrm-open-0b5c2f2e">');
    expect(s.popup).toContain('data-mode="popup" data-trigger="#minicrm-open-0b5c2f2e"');
    expect(s.iframe).toContain('src="https://crm.example.com/f/0b5c2f2e-1111-4222-8333-444455556666/embed"');
  });
});
