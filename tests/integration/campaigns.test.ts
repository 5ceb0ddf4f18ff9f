import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { campaignRecipients, messagingSettings } from "@/db/schema";
import { audienceWhere, materializeRecipients } from "@/server/services/campaigns/audience";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const granted = { granted: true };
const denied = { granted: false };

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const asOwner = callerFor(db, owner);
  const businessId = business.id;
  const people = [
    // reachable by email (consent unknown is allowed unless the business requires opt-in)
    { name: "Asha Rao", email: "asha@example.com", tags: ["vip"] },
    // email consent granted; WhatsApp opted in
    {
      name: "Ravi Kumar",
      email: "ravi@example.com",
      whatsapp: "+91 94918 83981",
      tags: ["vip"],
      consent: { email: granted, whatsapp: granted },
    },
    // unsubscribed from email
    { name: "Meera Shah", email: "meera@example.com", tags: ["vip"], consent: { email: denied } },
    // no email, a phone but no WhatsApp opt-in
    { name: "Kiran Patel", phone: "+91 98200 12345", tags: ["vip"] },
    // same address as Asha (another record)
    { name: "Asha R.", email: "ASHA@example.com ", tags: ["vip"] },
    // not in the audience
    { name: "Dev Anand", email: "dev@example.com", tags: [] },
  ];
  for (const p of people) await asOwner.customers.create({ businessId, ...p });
  return { owner, business, businessId, asOwner };
}

const email = {
  subject: "Diwali offer",
  preheader: "",
  blocks: [{ type: "text" as const, text: "Hello {{customer.firstName}}" }],
};

describe("campaigns", () => {
  it("drafts, reviews with each exclusion counted, and materialises exactly what the review showed", async () => {
    const { businessId, asOwner } = await setup();
    const draft = await asOwner.campaigns.create({
      businessId,
      name: "Diwali",
      channel: "email",
      audience: { type: "tags", tags: ["vip"] },
      email,
    });
    expect(draft).toMatchObject({ name: "Diwali", status: "draft", channel: "email", targeted: null });

    const review = await asOwner.campaigns.review({ businessId, campaignId: draft.id });
    expect(review).toMatchObject({
      audience: 5,
      reachable: { email: 2, whatsapp: 0 },
      excluded: {
        no_address: 1,
        consent_denied: 1,
        duplicate_address: 1,
        no_email_opt_in: 0,
        no_whatsapp_opt_in: 0,
      },
      problems: {},
    });

    // Requiring opt-in leaves only the customer who granted it.
    await db.insert(messagingSettings).values({ businessId, emailRequiresOptIn: true });
    const strict = await asOwner.campaigns.review({ businessId, campaignId: draft.id });
    expect(strict.reachable.email).toBe(1);
    expect(strict.excluded.no_email_opt_in).toBe(2);

    const where = await audienceWhere(db, businessId, { type: "tags", tags: ["vip"] });
    const args = { businessId, campaignId: draft.id, where, channel: "email" as const, requiresOptIn: true };
    expect(await materializeRecipients(db, args)).toBe(5);
    expect(await materializeRecipients(db, args)).toBe(0); // unique per (campaign, customer, channel)
    const rows = await db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, draft.id));
    const queued = rows.filter((r) => r.status === "queued");
    expect(queued.map((r) => r.address)).toEqual(["ravi@example.com"]);
    expect(
      rows
        .filter((r) => r.status === "excluded")
        .map((r) => r.exclusionReason)
        .sort(),
    ).toEqual(["consent_denied", "no_address", "no_email_opt_in", "no_email_opt_in"]);
    const stats = await asOwner.campaigns.stats({ businessId, campaignId: draft.id });
    expect(stats).toMatchObject({ status: "draft", targeted: 1, excluded: 4, queued: 1, sent: 0 });

    // Deleting a campaign deletes its recipients (they have no foreign key to it), and only its own.
    const other = await asOwner.campaigns.duplicate({ businessId, campaignId: draft.id });
    expect(await materializeRecipients(db, { ...args, campaignId: other.id })).toBe(5);
    await asOwner.campaigns.delete({ businessId, campaignId: draft.id });
    expect(
      await db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, draft.id)),
    ).toHaveLength(0);
    expect(
      await db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, other.id)),
    ).toHaveLength(5);
  });

  it("WhatsApp needs opt-in; the fallback sends email to those WhatsApp cannot reach", async () => {
    const { businessId, asOwner } = await setup();
    const audience = { type: "tags" as const, tags: ["vip"] };
    const wa = await asOwner.campaigns.create({ businessId, name: "WA", channel: "whatsapp", audience });
    const review = await asOwner.campaigns.review({ businessId, campaignId: wa.id });
    expect(review.reachable).toEqual({ email: 0, whatsapp: 1 });
    // A phone counts as the WhatsApp number when none is given; without opt-in it is not used.
    expect(review.excluded).toMatchObject({ no_address: 3, no_whatsapp_opt_in: 1 });
    expect(review.problems).toEqual({ "whatsapp.templateId": "Pick a WhatsApp template." });

    const both = await asOwner.campaigns.create({
      businessId,
      name: "Both",
      channel: "whatsapp_email_fallback",
      audience,
      email,
    });
    const r2 = await asOwner.campaigns.review({ businessId, campaignId: both.id });
    expect(r2.reachable).toEqual({ email: 1, whatsapp: 1 });
    expect(r2.excluded).toMatchObject({ consent_denied: 1, no_whatsapp_opt_in: 1, duplicate_address: 1 });
    // With a messaging limit, the review says over how many days the WhatsApp sends are split.
    await db
      .insert(messagingSettings)
      .values({ businessId, whatsappMessagingLimit: 250 })
      .onConflictDoUpdate({ target: messagingSettings.businessId, set: { whatsappMessagingLimit: 250 } });
    expect((await asOwner.campaigns.review({ businessId, campaignId: both.id })).whatsappLimit).toBe(250);
  });

  it("sends only a draft or a scheduled campaign; pause, resume and cancel follow the status", async () => {
    const { businessId, asOwner } = await setup();
    const audience = { type: "tags" as const, tags: ["vip"] };
    const incomplete = await asOwner.campaigns.create({
      businessId,
      name: "No content",
      channel: "email",
      audience,
    });
    await expectTRPCError(asOwner.campaigns.send({ businessId, campaignId: incomplete.id }), "BAD_REQUEST");

    const later = new Date(Date.now() + 3_600_000);
    const scheduled = await asOwner.campaigns.create({
      businessId,
      name: "Later",
      channel: "email",
      audience,
      email,
      scheduledAt: later,
    });
    expect((await asOwner.campaigns.send({ businessId, campaignId: scheduled.id })).status).toBe("scheduled");
    // Still editable while scheduled; pausing is for sending campaigns.
    await asOwner.campaigns.update({ businessId, campaignId: scheduled.id, name: "Later on" });
    await expectTRPCError(asOwner.campaigns.pause({ businessId, campaignId: scheduled.id }), "CONFLICT");
    const cancelled = await asOwner.campaigns.cancel({ businessId, campaignId: scheduled.id });
    expect(cancelled.status).toBe("cancelled");
    await expectTRPCError(asOwner.campaigns.send({ businessId, campaignId: scheduled.id }), "CONFLICT");
    await expectTRPCError(
      asOwner.campaigns.update({ businessId, campaignId: scheduled.id, name: "Again" }),
      "CONFLICT",
    );

    const now = await asOwner.campaigns.create({
      businessId,
      name: "Now",
      channel: "email",
      audience,
      email,
    });
    expect((await asOwner.campaigns.send({ businessId, campaignId: now.id })).status).toBe("sending");
    await expectTRPCError(asOwner.campaigns.send({ businessId, campaignId: now.id }), "CONFLICT");
    expect((await asOwner.campaigns.pause({ businessId, campaignId: now.id })).status).toBe("paused");
    expect((await asOwner.campaigns.resume({ businessId, campaignId: now.id })).status).toBe("sending");
    await expectTRPCError(asOwner.campaigns.delete({ businessId, campaignId: now.id }), "CONFLICT");

    const copy = await asOwner.campaigns.duplicate({ businessId, campaignId: now.id });
    expect(copy).toMatchObject({ name: "Now (copy)", status: "draft", email });
    const list = await asOwner.campaigns.list({ businessId });
    expect(list.items.map((c) => c.name)).toEqual(["Now (copy)", "Now", "Later on", "No content"]);
    await asOwner.campaigns.delete({ businessId, campaignId: copy.id });
    await expectTRPCError(asOwner.campaigns.get({ businessId, campaignId: copy.id }), "NOT_FOUND");
  });

  it("refuses an audience of another business's segment and rules with a bad path, at the field", async () => {
    const { businessId, asOwner } = await setup();
    const other = await setup();
    const [segmentOfOther] = (await other.asOwner.segments.list({ businessId: other.businessId })).data;
    const err = await expectTRPCError(
      asOwner.campaigns.create({
        businessId,
        name: "X",
        channel: "email",
        audience: { type: "segment", segmentId: segmentOfOther!.id },
      }),
      "NOT_FOUND",
    );
    expect(JSON.stringify(err)).toContain("audience.segmentId");
    const bad = await expectTRPCError(
      asOwner.campaigns.create({
        businessId,
        name: "X",
        channel: "email",
        audience: {
          type: "rules",
          rules: { match: "all", conditions: [{ field: "tags", op: "gt", value: 1 }] },
        },
      }),
      "BAD_REQUEST",
    );
    expect(JSON.stringify(bad)).toContain("audience.rules.conditions[0].op");
  });

  it("members draft but do not send; REST creates with the short form and answers 202 then 409", async () => {
    const { business, businessId } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const asMember = callerFor(db, member);
    const mine = await asMember.campaigns.create({
      businessId,
      name: "Member's",
      channel: "email",
      audience: { type: "everyone" },
      email,
    });
    await expectTRPCError(asMember.campaigns.send({ businessId, campaignId: mine.id }), "FORBIDDEN");

    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
    const url = (p: string) => `http://localhost:3000/api/v1${p}`;
    const segList = (await (await GET(new Request(url("/segments"), { headers: auth }))).json()) as {
      data: { id: string; preset: string | null }[];
    };
    const emailReachable = segList.data.find((s) => s.preset === "email_reachable")!;
    const created = await POST(
      new Request(url("/campaigns"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          name: "From REST",
          channel: "email",
          segmentId: emailReachable.id,
          subject: "Hello",
          body: "Hi {{customer.firstName}},\n\nOur **sale** starts today.",
        }),
      }),
    );
    expect(created.status).toBe(200);
    const campaign = (await created.json()) as { id: string; email: { subject: string; blocks: unknown[] } };
    expect(campaign.email.subject).toBe("Hello");
    expect(campaign.email.blocks.length).toBeGreaterThanOrEqual(2);

    const sent = await POST(
      new Request(url(`/campaigns/${campaign.id}/send`), { method: "POST", headers: auth }),
    );
    expect(sent.status, await sent.clone().text()).toBe(202);
    const again = await POST(
      new Request(url(`/campaigns/${campaign.id}/send`), { method: "POST", headers: auth }),
    );
    expect(again.status).toBe(409);
    const stats = await GET(new Request(url(`/campaigns/${campaign.id}/stats`), { headers: auth }));
    expect(stats.status).toBe(200);
    expect(Object.keys((await stats.json()) as object).sort()).toEqual(
      [
        "status",
        "targeted",
        "excluded",
        "queued",
        "sent",
        "delivered",
        "opened",
        "read",
        "clicked",
        "failed",
        "bounced",
        "complained",
        "unsubscribed",
      ].sort(),
    );
    const missing = await POST(
      new Request(url("/campaigns"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "No audience", channel: "email", subject: "x", body: "y" }),
      }),
    );
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("audience");
    const recipients = await GET(
      new Request(url(`/campaigns/${campaign.id}/recipients?status=queued`), { headers: auth }),
    );
    expect(recipients.status).toBe(200);
  });
});

describe("campaign email content", () => {
  it("refuses an unknown variable at its field when saved; a template's content is copied", async () => {
    const { businessId, asOwner } = await setup();
    const bad = await expectTRPCError(
      asOwner.campaigns.create({
        businessId,
        name: "Typo",
        channel: "email",
        audience: { type: "everyone" },
        email: {
          subject: "Hi {{customer.frist_name}}",
          preheader: "",
          blocks: [{ type: "text", text: "x" }],
        },
      }),
      "BAD_REQUEST",
    );
    expect(JSON.stringify(bad)).toContain("email.subject");
    const template = await asOwner.templates.create({
      businessId,
      name: "Welcome",
      subject: 'Welcome {{customer.firstName | default: "friend"}}',
      body: "Hello from **{{business.name}}**",
    });
    const copied = await asOwner.campaigns.create({
      businessId,
      name: "From template",
      channel: "email",
      audience: { type: "everyone" },
      emailTemplateId: template.id,
    });
    expect(copied.email).toMatchObject({ subject: 'Welcome {{customer.firstName | default: "friend"}}' });
  });
});
