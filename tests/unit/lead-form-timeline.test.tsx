import { createElement, Fragment, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DescribeContext } from "@/components/customers/detail/format";
import { describeEntry } from "@/components/customers/detail/timeline";
import { answerEntries } from "@/server/domain/lead-form-display";
import { leadFormDefinitionSchema } from "@/server/domain/lead-forms";

const ctx: DescribeContext = {
  dates: { dateTime: (d) => String(d), date: (d) => String(d) } as DescribeContext["dates"],
  formatPhone: (p) => p,
  customFieldLabels: new Map(),
  memberNames: new Map(),
};

describe("the form_submitted timeline entry", () => {
  it("names the form and lists every answer with its label, and the source", () => {
    const def = leadFormDefinitionSchema.parse({
      fields: [
        { key: "name", type: "short_text", label: "Your name", mapTo: "name" },
        {
          key: "extras",
          type: "multi_select",
          label: "Extras",
          options: [
            { value: "tea", label: "Tea" },
            { value: "music", label: "Music" },
          ],
        },
        { key: "offers", type: "consent", label: "Offers", consentChannel: "email" },
        { key: "empty", type: "short_text", label: "Left empty" },
      ],
      settings: { title: "Book" },
    });
    const answers = answerEntries(def.fields, { name: "Asha", extras: ["tea", "music"], offers: false });
    expect(answers).toEqual([
      { key: "name", label: "Your name", value: "Asha" },
      { key: "extras", label: "Extras", value: "Tea, Music" },
      { key: "offers", label: "Offers", value: "No" },
    ]);
    const { text, detail } = describeEntry(
      {
        id: "1",
        type: "form_submitted",
        data: { formName: "Book a free consultation", answers, source: "instagram" },
        actorName: null,
        createdAt: new Date(),
      },
      ctx,
    );
    expect(renderToStaticMarkup(createElement(Fragment, null, text as ReactNode))).toBe(
      'Filled in the form <strong class="font-medium">Book a free consultation</strong>',
    );
    expect(detail).toBe("Your name: Asha · Extras: Tea, Music · Offers: No · Source: instagram");
  });
});
