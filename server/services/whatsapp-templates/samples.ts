import type { MetaTemplate } from "@/server/whatsapp/types";

/**
 * Sample templates installed by "Sync" on a machine without a WhatsApp provider (the dev outbox is
 * shown), so campaigns can be tried end to end. Shapes follow Meta's template components; `hello_world`
 * is the template Meta gives every new WhatsApp Business Account.
 */
export const devSampleTemplates: MetaTemplate[] = [
  {
    id: "dev-hello-world",
    name: "hello_world",
    language: "en_US",
    status: "APPROVED",
    category: "UTILITY",
    parameterFormat: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      {
        type: "BODY",
        text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.",
      },
      { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
    ],
  },
  {
    id: "dev-seasonal-offer",
    name: "seasonal_offer",
    language: "en",
    status: "APPROVED",
    category: "MARKETING",
    parameterFormat: "POSITIONAL",
    components: [
      { type: "HEADER", format: "TEXT", text: "Offer for {{1}}", example: { header_text: ["Asha"] } },
      {
        type: "BODY",
        text: "Hi {{1}}, {{2}} has {{3}} off this week. Reply STOP to opt out.",
        example: { body_text: [["Asha", "Glow Salon", "20%"]] },
      },
      { type: "FOOTER", text: "Reply STOP to stop these messages" },
      {
        type: "BUTTONS",
        buttons: [
          { type: "URL", text: "Book now", url: "https://example.com/book/{{1}}", example: ["spring"] },
          { type: "QUICK_REPLY", text: "Stop promotions" },
        ],
      },
    ],
  },
  {
    id: "dev-appointment-reminder",
    name: "appointment_reminder",
    language: "en",
    status: "PENDING",
    category: "UTILITY",
    parameterFormat: "POSITIONAL",
    components: [
      { type: "BODY", text: "Hi {{1}}, see you on {{2}}.", example: { body_text: [["Asha", "Friday"]] } },
    ],
  },
];
