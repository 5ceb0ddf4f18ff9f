import { describe, expect, it } from "vitest";
import { fromAddress, isOptOutText, normaliseOptOutWords } from "@/server/domain/messaging-settings";
import { humanMessage, isRetriableWhatsappCode } from "@/server/domain/whatsapp-errors";
import {
  buildTemplateComponents,
  MissingTemplateValueError,
  renderTemplateText,
  templateProblems,
  whatsappSlots,
} from "@/server/domain/whatsapp-templates";

// Components as Meta's GET /{waba-id}/message_templates lists them.
const orderUpdate = [
  { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#1024"] } },
  {
    type: "BODY",
    text: "Hi {{1}}, your order from {{2}} ships {{3}}.",
    example: { body_text: [["Asha", "Glow Salon", "today"]] },
  },
  { type: "FOOTER", text: "Reply STOP to opt out" },
  {
    type: "BUTTONS",
    buttons: [
      {
        type: "URL",
        text: "Track",
        url: "https://shop.example/track/{{1}}",
        example: ["https://shop.example/track/abc"],
      },
      { type: "QUICK_REPLY", text: "Stop" },
      { type: "COPY_CODE", example: "SAVE10" },
    ],
  },
];
const named = [{ type: "BODY", text: "Hello {{first_name}}, code {{ code }}", parameter_format: "NAMED" }];

const customer = {
  name: "Asha  Rao",
  email: "asha@example.com",
  city: null,
  customFields: { tier: "gold", points: 120, tags: ["a", "b"] },
};
const business = { name: "Glow Salon" };

describe("whatsappSlots", () => {
  it("lists header, body and dynamic button variables in order with Meta's examples", () => {
    expect(whatsappSlots(orderUpdate)).toEqual([
      expect.objectContaining({ key: "header.1", component: "header", example: "#1024" }),
      expect.objectContaining({ key: "body.1", example: "Asha" }),
      expect.objectContaining({ key: "body.2", example: "Glow Salon" }),
      expect.objectContaining({ key: "body.3", example: "today" }),
      expect.objectContaining({ key: "button.0.1", buttonIndex: 0, buttonType: "url" }),
      expect.objectContaining({
        key: "button.2.code",
        buttonIndex: 2,
        buttonType: "copy_code",
        example: "SAVE10",
      }),
    ]);
  });
  it("reads named parameters, skips static text, and asks a media header for its link", () => {
    expect(whatsappSlots(named).map((s) => [s.key, s.name])).toEqual([
      ["body.first_name", "first_name"],
      ["body.code", "code"],
    ]);
    expect(whatsappSlots([{ type: "BODY", text: "No variables" }])).toEqual([]);
    expect(
      whatsappSlots([
        {
          type: "HEADER",
          format: "IMAGE",
          example: { header_handle: ["https://scontent.whatsapp.net/v/sample.jpg"] },
        },
        { type: "BODY", text: "No variables" },
      ]),
    ).toEqual([
      {
        key: "header.media",
        component: "header",
        media: "image",
        example: "https://scontent.whatsapp.net/v/sample.jpg",
        label: "Header image link (https)",
      },
    ]);
  });
});

describe("buildTemplateComponents", () => {
  const mapping = {
    "header.1": { text: "#1024" },
    "body.1": { field: "customer.firstName", fallback: "there" },
    "body.2": { field: "business.name" },
    "body.3": { field: "customer.city", fallback: "soon" },
    "button.0.1": { field: "customer.custom.tier" },
    "button.2.code": { text: "SAVE10" },
  };
  it("produces the Cloud API components payload (header, body, buttons with sub_type and index)", () => {
    expect(buildTemplateComponents({ components: orderUpdate }, mapping, customer, business)).toEqual([
      { type: "header", parameters: [{ type: "text", text: "#1024" }] },
      {
        type: "body",
        parameters: [
          { type: "text", text: "Asha" },
          { type: "text", text: "Glow Salon" },
          { type: "text", text: "soon" },
        ],
      },
      { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "gold" }] },
      {
        type: "button",
        sub_type: "copy_code",
        index: "2",
        parameters: [{ type: "coupon_code", coupon_code: "SAVE10" }],
      },
    ]);
  });
  it("names named parameters and collapses whitespace (Meta refuses new lines in parameters)", () => {
    const out = buildTemplateComponents(
      { components: named },
      { "body.first_name": { field: "customer.name" }, "body.code": { text: "A\nB" } },
      customer,
      business,
    );
    expect(out).toEqual([
      {
        type: "body",
        parameters: [
          { type: "text", text: "Asha Rao", parameter_name: "first_name" },
          { type: "text", text: "A B", parameter_name: "code" },
        ],
      },
    ]);
  });
  it("fails for a missing value without fallback, naming the slot", () => {
    expect(() =>
      buildTemplateComponents(
        { components: named },
        { "body.first_name": { field: "customer.company" }, "body.code": { text: "x" } },
        customer,
        business,
      ),
    ).toThrow(MissingTemplateValueError);
    expect(() => buildTemplateComponents({ components: named }, {}, customer, business)).toThrow(
      /body.first_name/,
    );
  });
  it("leaves out components without variables", () => {
    expect(
      buildTemplateComponents({ components: [{ type: "BODY", text: "Hello" }] }, {}, customer, business),
    ).toEqual([]);
  });
});

describe("template text and problems", () => {
  it("renders what the customer reads", () => {
    const text = renderTemplateText(orderUpdate, (k) => `<${k}>`);
    expect(text).toBe(
      "Order <header.1>\n\nHi <body.1>, your order from <body.2> ships <body.3>.\n\nReply STOP to opt out\n\n[Track] [Stop]",
    );
  });
  it("reports not approved and unmapped variables", () => {
    const problems = templateProblems({
      status: "PENDING",
      components: orderUpdate,
      variableMapping: { "body.1": { text: "x" } },
    });
    expect(problems[0]).toEqual({ field: "templateId", message: expect.stringMatching(/not approved/) });
    expect(problems.map((p) => p.field)).toContain("mapping.body.2");
    expect(problems.map((p) => p.field)).not.toContain("mapping.body.1");
  });
});

describe("media headers", () => {
  const offer = [
    { type: "HEADER", format: "DOCUMENT", example: { header_handle: ["4::aW1hZ2U="] } },
    { type: "BODY", text: "Hi {{1}}, your invoice is attached." },
  ];
  it("sends the header's document by its link (Meta: send media-based message template)", () => {
    expect(
      buildTemplateComponents(
        { components: offer },
        {
          "header.media": { field: "customer.custom.invoice_url" },
          "body.1": { field: "customer.firstName" },
        },
        {
          ...customer,
          customFields: { ...customer.customFields, invoice_url: "https://files.example.com/i/42.pdf" },
        },
        business,
      ),
    ).toEqual([
      {
        type: "header",
        parameters: [{ type: "document", document: { link: "https://files.example.com/i/42.pdf" } }],
      },
      { type: "body", parameters: [{ type: "text", text: "Asha" }] },
    ]);
    expect(
      renderTemplateText(offer, (k) => (k === "header.media" ? "https://x.example/a.pdf" : "Asha")),
    ).toBe("[Document: https://x.example/a.pdf]\n\nHi Asha, your invoice is attached.");
  });
  it("refuses a link that is not https, at the mapping and for a customer's value", () => {
    const problems = templateProblems({
      status: "APPROVED",
      components: offer,
      variableMapping: {
        "header.media": { text: "http://files.example.com/a.pdf" },
        "body.1": { text: "x" },
      },
    });
    expect(problems).toEqual([
      { field: "mapping.header.media", message: "The header document needs an https link (https://…)." },
    ]);
    expect(() =>
      buildTemplateComponents(
        { components: offer },
        { "header.media": { field: "customer.city" }, "body.1": { text: "x" } },
        { ...customer, city: "Pune" },
        business,
      ),
    ).toThrow(MissingTemplateValueError);
  });
  it("names a header it cannot fill (a format Meta adds later)", () => {
    const problems = templateProblems({
      status: "APPROVED",
      components: [
        { type: "HEADER", format: "PRODUCT" },
        { type: "BODY", text: "See you" },
      ],
      variableMapping: {},
    });
    expect(problems).toEqual([{ field: "templateId", message: expect.stringMatching(/product header/) }]);
  });
  it("sends a GIF header by its link (Meta takes GIFs as MP4 files)", () => {
    const gif = [
      { type: "HEADER", format: "GIF" },
      { type: "BODY", text: "Happy Diwali!" },
    ];
    expect(whatsappSlots(gif)).toEqual([
      expect.objectContaining({
        key: "header.media",
        media: "gif",
        label: "Header GIF (an MP4 file) link (https)",
      }),
    ]);
    const link = "https://cdn.example.com/diya.mp4";
    expect(
      buildTemplateComponents({ components: gif }, { "header.media": { text: link } }, customer, business),
    ).toEqual([{ type: "header", parameters: [{ type: "gif", gif: { link } }] }]);
    expect(renderTemplateText(gif, () => link)).toBe(`[GIF: ${link}]\n\nHappy Diwali!`);
  });
});

describe("location headers", () => {
  // Meta: "Location templates": a map header whose pin is chosen when the message is sent.
  const visit = [
    { type: "HEADER", format: "LOCATION" },
    { type: "BODY", text: "Hi {{1}}, our new branch is open.", example: { body_text: [["Asha"]] } },
  ];
  const mapping = {
    "header.latitude": { text: "18.5204" },
    "header.longitude": { text: "73.8567" },
    "header.name": { text: "Glow Salon, Koregaon Park" },
    "header.address": { field: "customer.custom.branch_address", fallback: "Lane 5, Koregaon Park, Pune" },
    "body.1": { field: "customer.firstName" },
  };

  it("asks for the pin's latitude, longitude, name and address, then the body", () => {
    expect(whatsappSlots(visit).map((s) => [s.key, s.location ?? null])).toEqual([
      ["header.latitude", "latitude"],
      ["header.longitude", "longitude"],
      ["header.name", "name"],
      ["header.address", "address"],
      ["body.1", null],
    ]);
    expect(
      templateProblems({ status: "APPROVED", components: visit, variableMapping: {} }).map((p) => p.field),
    ).toEqual([
      "mapping.header.latitude",
      "mapping.header.longitude",
      "mapping.header.name",
      "mapping.header.address",
      "mapping.body.1",
    ]);
  });

  it("sends one location parameter with the four values (a field's value, else its fallback)", () => {
    expect(buildTemplateComponents({ components: visit }, mapping, customer, business)).toEqual([
      {
        type: "header",
        parameters: [
          {
            type: "location",
            location: {
              latitude: "18.5204",
              longitude: "73.8567",
              name: "Glow Salon, Koregaon Park",
              address: "Lane 5, Koregaon Park, Pune",
            },
          },
        ],
      },
      { type: "body", parameters: [{ type: "text", text: "Asha" }] },
    ]);
    expect(
      renderTemplateText(
        visit,
        (k) =>
          ({
            "header.latitude": "18.5204",
            "header.longitude": "73.8567",
            "header.name": "Glow Salon",
            "header.address": "Pune",
            "body.1": "Asha",
          })[k] ?? "",
      ),
    ).toBe("[Location: Glow Salon, Pune (18.5204, 73.8567)]\n\nHi Asha, our new branch is open.");
  });

  it("refuses a latitude or longitude that is not decimal degrees in range, at the mapping and when sending", () => {
    const problems = templateProblems({
      status: "APPROVED",
      components: visit,
      variableMapping: {
        ...mapping,
        "header.latitude": { text: "91" },
        "header.longitude": { text: "73°51'E" },
      },
    });
    expect(problems).toEqual([
      {
        field: "mapping.header.latitude",
        message: expect.stringMatching(/latitude must be decimal degrees between -90 and 90/),
      },
      {
        field: "mapping.header.longitude",
        message: expect.stringMatching(/longitude must be decimal degrees between -180 and 180/),
      },
    ]);
    expect(() =>
      buildTemplateComponents(
        { components: visit },
        { ...mapping, "header.latitude": { field: "customer.city" } },
        { ...customer, city: "Pune" },
        business,
      ),
    ).toThrow(MissingTemplateValueError);
    for (const ok of ["-33.8688", "0", "+90", "180"])
      expect(
        templateProblems({
          status: "APPROVED",
          components: visit,
          variableMapping: { ...mapping, "header.longitude": { text: ok } },
        }),
      ).toEqual([]);
  });
});

describe("WhatsApp error codes", () => {
  it("retries rate and throughput limits, not permanent errors", () => {
    for (const code of [130429, 131056, 80007, 4, 613])
      expect(isRetriableWhatsappCode(code), String(code)).toBe(true);
    for (const code of [131026, 131047, 131051, 132000, 132001, 132016, 190, 100])
      expect(isRetriableWhatsappCode(code), String(code)).toBe(false);
  });
  it("says what happened in a sentence", () => {
    expect(humanMessage(131047)).toBe(
      "More than 24 hours since the customer last wrote: only an approved template can be sent.",
    );
    expect(humanMessage(131026)).toMatch(/could not deliver/);
    expect(humanMessage(132010)).toMatch(/template/);
    expect(humanMessage(999999, "Odd")).toBe("WhatsApp refused the message (error 999999): Odd.");
  });
});

describe("messaging settings helpers", () => {
  it("accepts Name <email> or an email as From", () => {
    expect(fromAddress("Glow Salon <hello@glow.example>")).toBe("hello@glow.example");
    expect(fromAddress("hello@glow.example")).toBe("hello@glow.example");
    expect(fromAddress("Glow Salon")).toBeNull();
    expect(fromAddress("Glow <not-an-email>")).toBeNull();
  });
  it("matches opt-out words trimmed and case-insensitively", () => {
    const words = normaliseOptOutWords(["stop", " Unsubscribe ", "STOP", "band karo"]);
    expect(words).toEqual(["STOP", "UNSUBSCRIBE", "BAND KARO"]);
    expect(isOptOutText("  Stop ", words)).toBe(true);
    expect(isOptOutText("stop!", words)).toBe(true);
    expect(isOptOutText("Band  karo", words)).toBe(true);
    expect(isOptOutText("please stop sending", words)).toBe(false);
    expect(isOptOutText("", words)).toBe(false);
  });
});
