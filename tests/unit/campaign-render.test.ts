import { describe, expect, it, vi } from "vitest";
import type { EmailContent } from "@/server/domain/email-blocks";

const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock("@react-email/render", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@react-email/render")>();
  return {
    ...actual,
    render: (...args: Parameters<typeof actual.render>) => {
      renders.count++;
      return actual.render(...args);
    },
  };
});

const { compileCampaignEmail, renderEmailPreview } = await import("@/server/email/campaign-render");

const content: EmailContent = {
  subject: 'Hi {{customer.firstName | default: "there"}} from {{business.name}}',
  preheader: "News for {{customer.name}}",
  blocks: [
    { type: "heading", text: 'Hello {{customer.firstName | default: "there"}}', level: 1 },
    {
      type: "text",
      text: "Your plan is **{{customer.custom.plan | default: 'Basic'}}**. [Upgrade](https://shop.example/up?c={{customer.city}})",
    },
    {
      type: "button",
      label: "Visit {{business.name}}",
      url: "https://shop.example/p/{{customer.custom.plan}}",
    },
    { type: "image", url: "https://img.example/banner.png", alt: "Banner for {{customer.name}}" },
    { type: "divider" },
    { type: "footer", text: "You get this as a customer of {{business.name}}." },
  ],
};

const base = {
  name: "Asha Rao",
  email: "asha@example.com",
  phone: null,
  whatsapp: null,
  company: null,
  city: "Pune",
  country: "IN",
  customFields: { plan: "Gold" },
};
const opts = {
  business: { name: "Glow & Co" },
  postalAddress: "12 MG Road, Pune",
  customFieldKeys: ["plan"],
};
const unsubscribeUrl = "https://crm.example/u/tok123?b=1&c=2";

describe("compileCampaignEmail", () => {
  it("fills in the customer's values, business values and the unsubscribe link", async () => {
    const email = (await compileCampaignEmail(content, opts)).render(base, { unsubscribeUrl });
    expect(email.subject).toBe("Hi Asha from Glow & Co");
    expect(email.html).toContain("Hello Asha</h1>");
    expect(email.html).toContain("<strong>Gold</strong>");
    expect(email.html).toContain('href="https://shop.example/p/Gold"');
    expect(email.html).toContain('href="https://shop.example/up?c=Pune"');
    expect(email.html).toContain("Visit Glow &amp; Co");
    expect(email.html).toContain("News for Asha Rao");
    expect(email.html).toContain("12 MG Road, Pune");
    expect(email.html).toContain('href="https://crm.example/u/tok123?b=1&amp;c=2"');
    expect(email.html).not.toMatch(/\u27e6|\u27e7/);
    expect(email.text).toContain("Hello Asha");
    expect(email.text).toContain("Your plan is Gold.");
    expect(email.text).toContain("Unsubscribe https://crm.example/u/tok123?b=1&c=2");
    expect(email.text).toContain("Glow & Co");
    expect(email.text).not.toContain("News for"); // the preheader is not part of the plain text
  });

  it("escapes values in HTML, keeps them as is in the text and subject, and encodes them in addresses", async () => {
    const email = (await compileCampaignEmail(content, opts)).render(
      {
        ...base,
        name: '<script>alert("x")</script> Rao',
        customFields: { plan: 'A"><img src=x onerror=1>' },
      },
      { unsubscribeUrl },
    );
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain('href="https://shop.example/p/A%22%3E%3Cimg%20src=x%20onerror=1%3E"');
    expect(email.text).toContain('Hello <script>alert("x")</script>');
    expect(email.subject).toBe('Hi <script>alert("x")</script> from Glow & Co');
  });

  it("uses the fallbacks for blank values, and renders React once however many recipients", async () => {
    const before = renders.count;
    const compiled = await compileCampaignEmail(content, opts);
    expect(renders.count - before).toBe(1);
    const emails = [];
    for (let i = 0; i < 10_000; i++) {
      emails.push(
        compiled.render(
          { ...base, name: i % 2 ? `Customer${i} X` : " ", customFields: i % 3 ? { plan: `P${i}` } : {} },
          { unsubscribeUrl: `https://crm.example/u/${i}` },
        ),
      );
    }
    expect(renders.count - before).toBe(1);
    expect(emails[0]!.subject).toBe("Hi there from Glow & Co");
    expect(emails[0]!.html).toContain("<strong>Basic</strong>");
    expect(emails[0]!.html).toContain('href="https://crm.example/u/0"');
    expect(emails[9_999]!.html).toContain("Hello Customer9999</h1>");
    expect(emails[9_999]!.html).toContain('href="https://crm.example/u/9999"');
  });

  it("adds the footer when the content has none, and renders a single preview", async () => {
    const email = await renderEmailPreview(
      { subject: "S", blocks: [{ type: "text", text: "Body" }] },
      { ...opts, postalAddress: "12 MG Road\nPune 411001", customer: base, unsubscribeUrl },
    );
    expect(email.html).toContain("12 MG Road<br/>Pune 411001");
    expect(email.text).toContain("Unsubscribe https://crm.example/u/tok123?b=1&c=2");
  });

  it("never writes a link whose address is not web, mail or phone", async () => {
    const email = await renderEmailPreview(
      { subject: "S", blocks: [{ type: "text", text: "[Click](javascript:alert%281%29) now" }] },
      { ...opts, customer: base, unsubscribeUrl },
    );
    expect(email.html).not.toContain("javascript:");
    expect(email.text).toContain("Click now");
  });
});
