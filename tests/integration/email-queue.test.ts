import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailMessages, jobRuns } from "@/db/schema";
import { extractLinks, queueEmail } from "@/server/email/queue";
import { startLocalDriver, stopLocalDriver } from "@/server/jobs/local";
import { testDb } from "../helpers/db";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

let db: Db;
let fake: FakeResend;

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeResend();
  delete process.env.RESEND_API_KEY;
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  process.env.EMAIL_FROM = "Mini CRM <hello@minicrm.test>";
  // The process-wide driver, without periodic sweeps: it runs what this process sends.
  await startLocalDriver({ sweepIntervalMs: 0 });
});

afterAll(async () => {
  await stopLocalDriver();
  await fake.close();
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  delete process.env.EMAIL_FROM;
});

async function delivered(id: string) {
  await (await startLocalDriver()).idle();
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
  return row!;
}

const address = () => `asha-${randomUUID().slice(0, 8)}@example.com`;

describe("queueEmail", () => {
  it("lands in the dev outbox, sent, when RESEND_API_KEY is not set", async () => {
    const to = address();
    const url = "http://localhost:3000/verify-email/tok_123?next=%2Fb%2Facme";

    const { id } = await queueEmail(db, { template: "verify-email", to, props: { name: "Asha", url } });
    const message = await delivered(id);

    expect(message).toMatchObject({
      template: "verify-email",
      to,
      from: "Mini CRM <hello@minicrm.test>",
      subject: "Confirm your email address for Mini CRM",
      transport: "dev_outbox",
      status: "sent",
      attempts: 1,
      providerMessageId: null,
      error: null,
      links: [url],
    });
    expect(message.sentAt).toBeInstanceOf(Date);
    expect(message.html).toContain("Hi Asha,");
    expect(message.html).toContain(`href="${url.replaceAll("&", "&amp;")}"`);
    expect(message.text).toContain("Hi Asha,");
    expect(message.text).toContain(url);
    expect(message.text).not.toContain("<");
    expect(fake.requests).toHaveLength(0);

    const runs = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "send-email"));
    const run = runs.find((r) => (r.event.data as { emailMessageId?: string }).emailMessageId === id);
    expect(run).toMatchObject({ status: "completed", eventName: "email/send.requested" });
  });

  it("is delivered to Resend with the rendered message when RESEND_API_KEY is set", async () => {
    process.env.RESEND_API_KEY = fake.apiKey;
    process.env.RESEND_BASE_URL = fake.url;
    try {
      const to = address();
      const props = {
        inviterName: "Ravi",
        businessName: "Sharma Dental Care",
        role: "admin",
        url: "http://localhost:3000/invite/tok_456",
      };

      const { id } = await queueEmail(db, { template: "invitation", to, props });
      const message = await delivered(id);

      expect(message).toMatchObject({ transport: "resend", status: "sent", attempts: 1 });
      expect(fake.sent).toHaveLength(1);
      expect(message.providerMessageId).toBe(fake.sent[0]!.id);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        path: "/emails",
        authorization: `Bearer ${fake.apiKey}`,
        idempotencyKey: id,
        body: {
          from: "Mini CRM <hello@minicrm.test>",
          to,
          subject: "Ravi invited you to Sharma Dental Care on Mini CRM",
          html: message.html,
          text: message.text,
        },
      });
      expect(message.html).toContain("Sharma Dental Care");
      expect(message.text).toContain("an admin");
      expect(message.links).toEqual([props.url]);
    } finally {
      delete process.env.RESEND_API_KEY;
      delete process.env.RESEND_BASE_URL;
    }
  });

  it("renders the password reset email", async () => {
    const url = "http://localhost:3000/reset-password/tok_789";
    const { id } = await queueEmail(db, {
      template: "reset-password",
      to: address(),
      props: { name: "", url },
    });
    const message = await delivered(id);
    expect(message).toMatchObject({ status: "sent", subject: "Reset your Mini CRM password", links: [url] });
    expect(message.text).toContain("Hi,");
  });

  it("refuses an invalid address without recording anything", async () => {
    const before = await db
      .select({ id: emailMessages.id })
      .from(emailMessages)
      .where(eq(emailMessages.to, "not-an-email"));
    await expect(
      queueEmail(db, {
        template: "verify-email",
        to: "not-an-email",
        props: { name: "A", url: "http://x.test" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { to: expect.any(String) } });
    const after = await db
      .select({ id: emailMessages.id })
      .from(emailMessages)
      .where(eq(emailMessages.to, "not-an-email"));
    expect(after).toHaveLength(before.length);
  });
});

describe("extractLinks", () => {
  it("returns distinct http(s) hrefs with entities decoded", () => {
    const html =
      "<a href=\"https://a.test/x?y=1&amp;z=2\">A</a> <a href='https://a.test/x?y=1&amp;z=2'>again</a>" +
      '<a href="mailto:hi@a.test">mail</a><a class="b" href="http://b.test/">B</a>';
    expect(extractLinks(html)).toEqual(["https://a.test/x?y=1&z=2", "http://b.test/"]);
  });
});
