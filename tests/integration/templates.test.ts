import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { customFields, emailMessages, messageTemplates, messagingSettings } from "@/db/schema";
import type { EmailBlock } from "@/server/domain/email-blocks";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Glow & Co" });
  const businessId = business.id;
  await db.insert(customFields).values({ businessId, key: "plan", label: "Plan", type: "text" });
  await db.insert(messagingSettings).values({ businessId, postalAddress: "12 MG Road, Pune 411001" });
  return { owner, business, businessId, asOwner: callerFor(db, owner) };
}

const blocks: EmailBlock[] = [
  { type: "heading", text: 'Hi {{customer.firstName | default: "there"}}', level: 1 },
  { type: "text", text: "Your plan: **{{customer.custom.plan | default: 'Basic'}}**" },
  { type: "button", label: "Book now", url: "https://glow.example/book" },
  { type: "footer", text: "" },
];

describe("email templates", () => {
  it("creates, lists, reads, renames, duplicates and deletes a template", async () => {
    const { businessId, asOwner } = await setup();
    expect((await asOwner.templates.list({ businessId })).data).toEqual([]);
    const created = await asOwner.templates.create({
      businessId,
      name: "Welcome",
      subject: "Welcome, {{customer.firstName}}",
      preheader: "Good to have you",
      blocks,
    });
    expect(created).toMatchObject({
      channel: "email",
      name: "Welcome",
      preheader: "Good to have you",
      language: "",
    });
    expect(created.blocks).toEqual(blocks);
    expect(await asOwner.templates.get({ businessId, templateId: created.id })).toEqual(created);

    const renamed = await asOwner.templates.update({ businessId, templateId: created.id, name: "Hello" });
    expect(renamed.name).toBe("Hello");
    expect(renamed.subject).toBe("Welcome, {{customer.firstName}}");
    const copy = await asOwner.templates.duplicate({ businessId, templateId: created.id });
    const copy2 = await asOwner.templates.duplicate({ businessId, templateId: created.id });
    expect([copy.name, copy2.name]).toEqual(["Hello (copy)", "Hello (copy 2)"]);
    expect(copy.blocks).toEqual(blocks);

    // WhatsApp templates (synced elsewhere) share the table: listed by channel, never edited here.
    const [wa] = await db
      .insert(messageTemplates)
      .values({ businessId, channel: "whatsapp", name: "order_update", language: "en", status: "APPROVED" })
      .returning();
    const emailNames = (await asOwner.templates.list({ businessId, channel: "email" })).data.map(
      (t) => t.name,
    );
    expect(emailNames.sort()).toEqual(["Hello", "Hello (copy 2)", "Hello (copy)"]);
    expect(
      (await asOwner.templates.list({ businessId, channel: "whatsapp" })).data.map((t) => t.name),
    ).toEqual(["order_update"]);
    await expectTRPCError(
      asOwner.templates.update({ businessId, templateId: wa!.id, name: "x" }),
      "BAD_REQUEST",
      {
        fieldErrors: { templateId: expect.any(String) },
      },
    );

    expect(await asOwner.templates.delete({ businessId, templateId: copy.id })).toEqual({ id: copy.id });
    await expectTRPCError(asOwner.templates.get({ businessId, templateId: copy.id }), "NOT_FOUND");
  });

  it("refuses a taken name (any case), unknown variables and non-https images, at their fields", async () => {
    const { businessId, asOwner } = await setup();
    await asOwner.templates.create({ businessId, name: "Offer", subject: "S", blocks });
    await expectTRPCError(
      asOwner.templates.create({ businessId, name: "offer", subject: "S", blocks }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { name: "A template with this name exists." } },
    );
    await expectTRPCError(
      asOwner.templates.create({
        businessId,
        name: "Unknown",
        subject: "Hi {{customer.nickname}}",
        blocks: [
          { type: "heading", text: "Hello", level: 1 },
          { type: "text", text: "Tier {{customer.custom.tier}}" },
          { type: "text", text: "Hi {{customer.name" },
        ],
      }),
      "BAD_REQUEST",
      {
        appCode: "VALIDATION",
        fieldErrors: {
          subject: expect.stringContaining("{{customer.nickname}}"),
          "blocks[1].text": expect.stringContaining("{{customer.custom.tier}}"),
          "blocks[2].text": 'A "{{" is not closed with "}}".',
        },
      },
    );
    await expectTRPCError(
      asOwner.templates.create({
        businessId,
        name: "Http image",
        subject: "S",
        blocks: [{ type: "image", url: "http://img.example/a.png", alt: "" }],
      }),
      "BAD_REQUEST",
      { fieldErrors: { "blocks.0.url": "Use an https:// address." } },
    );
    await expectTRPCError(
      asOwner.templates.create({ businessId, name: "Empty", subject: "S" }),
      "BAD_REQUEST",
      { fieldErrors: { blocks: "Add at least one block." } },
    );
    await expectTRPCError(
      asOwner.templates.create({
        businessId,
        name: "Md",
        subject: "S",
        body: "![a](http://img.example/a.png)",
      }),
      "BAD_REQUEST",
      { fieldErrors: { body: "Block 1: Use an https:// address." } },
    );
    await expectTRPCError(
      asOwner.templates.create({ businessId, name: "Both", subject: "S", blocks, body: "# Hi" }),
      "BAD_REQUEST",
      { fieldErrors: { body: "Give blocks or a Markdown body, not both." } },
    );
    expect((await asOwner.templates.list({ businessId })).data.map((t) => t.name)).toEqual(["Offer"]);
  });

  it("previews as a chosen customer with values escaped, and as a sample customer without one", async () => {
    const { businessId, asOwner } = await setup();
    const template = await asOwner.templates.create({
      businessId,
      name: "Plan",
      subject: "Hi {{customer.firstName}} from {{business.name}}",
      blocks,
    });
    const customer = await asOwner.customers.create({
      businessId,
      name: "<script>alert(1)</script> Rao",
      email: "rao@example.com",
      customFields: { plan: "Gold & Silver" },
    });
    const asCustomer = await asOwner.templates.preview({
      businessId,
      templateId: template.id,
      customerId: customer.id,
    });
    expect(asCustomer.subject).toBe("Hi <script>alert(1)</script> from Glow & Co");
    expect(asCustomer.html).not.toContain("<script>");
    expect(asCustomer.html).toContain("Hi &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(asCustomer.html).toContain("<strong>Gold &amp; Silver</strong>");
    expect(asCustomer.html).toContain("12 MG Road, Pune 411001");
    expect(asCustomer.text).toContain("Hi <script>alert(1)</script>");
    expect(asCustomer.text).toMatch(/Unsubscribe https?:\/\/\S+\/unsubscribe\/preview/);

    const sample = await asOwner.templates.preview({
      businessId,
      content: { subject: "S", preheader: "", blocks: [{ type: "text", text: "Hi {{customer.firstName}}" }] },
    });
    expect(sample.html).toContain("Hi Asha");

    await expectTRPCError(
      asOwner.templates.preview({ businessId, templateId: template.id, customerId: crypto.randomUUID() }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.templates.preview({
        businessId,
        content: { subject: "S", preheader: "", blocks: [{ type: "text", text: "{{customer.shoeSize}}" }] },
      }),
      "BAD_REQUEST",
      { fieldErrors: { "blocks[0].text": expect.stringContaining("customer.shoeSize") } },
    );
  });

  it("sends a test to the signed-in member's own address through the email queue", async () => {
    const { owner, businessId, asOwner, business } = await setup();
    const template = await asOwner.templates.create({
      businessId,
      name: "Test me",
      subject: "Hello {{customer.firstName}}",
      blocks,
    });
    const sent = await asOwner.templates.test({ businessId, templateId: template.id });
    expect(sent.to).toBe(owner.email);
    const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, sent.id));
    expect(row).toMatchObject({
      template: "campaign-test",
      to: owner.email,
      subject: "[Test] Hello Asha",
      businessId,
      transport: "dev_outbox",
    });
    expect(row!.html).toContain("Hi Asha</h1>");
    expect(row!.text).toContain("Your plan: (Plan)");

    // A member can send tests too; an API key has nobody to send to.
    const { user: member } = await addMember(db, business, "member");
    const mine = await callerFor(db, member).templates.test({
      businessId,
      content: { subject: "Draft", preheader: "", blocks: [{ type: "text", text: "Draft body" }] },
    });
    expect(mine.to).toBe(member.email);
    const key = await createApiKeyFor(db, business);
    const res = await POST(
      new Request("http://localhost:3000/api/v1/templates/test", {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: JSON.stringify({ templateId: template.id }),
      }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("signed-in");
  });

  it("keeps templates inside their business", async () => {
    const { businessId, asOwner } = await setup();
    const template = await asOwner.templates.create({ businessId, name: "Mine", subject: "S", blocks });
    const outsider = await createUser(db);
    const other = await createBusiness(db, { owner: outsider });
    const asOutsider = callerFor(db, outsider);
    await expectTRPCError(asOutsider.templates.list({ businessId }), "NOT_FOUND");
    await expectTRPCError(
      asOutsider.templates.get({ businessId: other.id, templateId: template.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOutsider.templates.preview({ businessId: other.id, templateId: template.id }),
      "NOT_FOUND",
    );
  });

  it("REST: creates a template from a Markdown body and reads it back", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
    const url = (p: string) => `http://localhost:3000/api/v1${p}`;
    const created = await POST(
      new Request(url("/templates"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          name: "From Markdown",
          subject: "News for {{customer.firstName | default: 'you'}}",
          body: "# Big news\n\nWe **moved** to [a new place](https://glow.example/map).\n\n---\n\n![Shop](https://img.example/shop.jpg)",
        }),
      }),
    );
    expect(created.status).toBe(200);
    const template = (await created.json()) as { id: string; blocks: EmailBlock[] };
    expect(template.blocks.map((b) => b.type)).toEqual(["heading", "text", "divider", "image"]);
    const got = await GET(new Request(url(`/templates/${template.id}`), { headers: auth }));
    expect(((await got.json()) as { name: string }).name).toBe("From Markdown");

    const unknown = await POST(
      new Request(url("/templates"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "Bad", subject: "S", body: "Hi {{customer.shoeSize}}" }),
      }),
    );
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain("customer.shoeSize");

    const preview = await POST(
      new Request(url("/templates/preview"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ templateId: template.id }),
      }),
    );
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { subject: string }).subject).toBe("News for Asha");
  });
});
