import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BatchEmail, sendEmailBatch } from "@/server/email/batch";
import { EmailDeliveryError } from "@/server/email/resend-errors";
import { unsubscribeHeaders } from "@/server/messaging/unsubscribe";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
  process.env.RESEND_BASE_URL = fake.url;
});

afterAll(async () => {
  await fake.close();
  delete process.env.RESEND_BASE_URL;
});

beforeEach(() => fake.reset());

const emails = (n: number): BatchEmail[] =>
  Array.from({ length: n }, (_, i) => ({
    from: "Glow Salon <hello@glow.example>",
    to: `customer-${i}@example.com`,
    subject: `Diwali offer ${i}`,
    html: `<p>Hello ${i}</p>`,
    text: `Hello ${i}`,
  }));

async function failure(promise: Promise<unknown>): Promise<EmailDeliveryError> {
  const e = await promise.then(
    () => {
      throw new Error("expected the batch to fail");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EmailDeliveryError);
  return e as EmailDeliveryError;
}

describe("sendEmailBatch", () => {
  it("sends up to 100 emails in one call and returns Resend's ids in the order of the emails", async () => {
    const batch = emails(100);
    batch[0] = {
      ...batch[0]!,
      replyTo: "owner@glow.example",
      headers: unsubscribeHeaders("https://crm.example.com/u/tok"),
      tags: [{ name: "campaign", value: "c-1" }],
    };
    const { ids } = await sendEmailBatch({ apiKey: fake.apiKey }, batch, {
      idempotencyKey: "campaign/c-1/1",
    });

    expect(ids).toHaveLength(100);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/emails/batch",
      authorization: `Bearer ${fake.apiKey}`,
      idempotencyKey: "campaign/c-1/1",
    });
    // Resend's wire format: snake_case reply_to, the headers and tags as given.
    expect((request!.body as Record<string, unknown>[])[0]).toMatchObject({
      from: "Glow Salon <hello@glow.example>",
      to: "customer-0@example.com",
      subject: "Diwali offer 0",
      reply_to: "owner@glow.example",
      headers: {
        "List-Unsubscribe": "<https://crm.example.com/u/tok>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      tags: [{ name: "campaign", value: "c-1" }],
    });
    // ids[i] is the email sent to customer i.
    expect(fake.sent.map((s) => s.body.to)).toEqual(batch.map((b) => b.to));
    expect(ids).toEqual(fake.sent.map((s) => s.id));
  });

  it("sends nothing twice when the same batch is retried with the same idempotency key", async () => {
    const first = await sendEmailBatch({ apiKey: fake.apiKey }, emails(3), {
      idempotencyKey: "campaign/c-2/1",
    });
    const again = await sendEmailBatch({ apiKey: fake.apiKey }, emails(3), {
      idempotencyKey: "campaign/c-2/1",
    });

    expect(again.ids).toEqual(first.ids);
    expect(fake.sent).toHaveLength(3);
    expect(fake.batches.map((b) => b.replayed)).toEqual([false, true]);
    // A different key is a different batch.
    await sendEmailBatch({ apiKey: fake.apiKey }, emails(3), { idempotencyKey: "campaign/c-2/2" });
    expect(fake.sent).toHaveLength(6);
  });

  it("a 429 with Retry-After is retriable after that many seconds, and the retry sends once", async () => {
    fake.failNext(1, 429, { retryAfterSeconds: 7 });
    const e = await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(2), { idempotencyKey: "k-429" }));
    expect(e).toMatchObject({
      retriable: true,
      statusCode: 429,
      retryAfterMs: 7000,
      code: "rate_limit_exceeded",
    });
    expect(e.message).toMatch(/rate limit/i);
    expect(fake.sent).toHaveLength(0);

    const { ids } = await sendEmailBatch({ apiKey: fake.apiKey }, emails(2), { idempotencyKey: "k-429" });
    expect(ids).toHaveLength(2);
    expect(fake.sent).toHaveLength(2);
  });

  it("5xx and 409 concurrent requests are retriable; a network failure too", async () => {
    fake.failNext(1, 500);
    expect(
      await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(1), { idempotencyKey: "k-500" })),
    ).toMatchObject({ retriable: true, statusCode: 500, code: "internal_server_error" });
    fake.failNext(1, 409);
    expect(
      await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(1), { idempotencyKey: "k-409" })),
    ).toMatchObject({ retriable: true, statusCode: 409, code: "concurrent_idempotent_requests" });
    process.env.RESEND_BASE_URL = "http://127.0.0.1:1";
    try {
      expect(
        await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(1), { idempotencyKey: "k-net" })),
      ).toMatchObject({ retriable: true, statusCode: null });
    } finally {
      process.env.RESEND_BASE_URL = fake.url;
    }
  });

  it("a 422 validation error is permanent, with Resend's error name as the code and its sentence", async () => {
    const batch = emails(2);
    batch[1] = { ...batch[1]!, to: "" };
    const e = await failure(sendEmailBatch({ apiKey: fake.apiKey }, batch, { idempotencyKey: "k-422" }));
    expect(e).toMatchObject({ retriable: false, statusCode: 422, code: "missing_required_field" });
    expect(e.message).toBe(
      "Resend refused the message: emails[1]: Missing `to` field. (missing_required_field)",
    );

    fake.failNext(1, 422);
    expect(
      await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(1), { idempotencyKey: "k-422b" })),
    ).toMatchObject({ retriable: false, statusCode: 422, code: "validation_error" });
    expect(fake.sent).toHaveLength(0);
  });

  it("a wrong API key is permanent", async () => {
    const e = await failure(sendEmailBatch({ apiKey: "re_wrong" }, emails(1), { idempotencyKey: "k-403" }));
    expect(e).toMatchObject({ retriable: false, statusCode: 403, code: "invalid_api_key" });
    expect(e.message).not.toContain("re_wrong");
  });

  it("refuses more than 100 emails, or none, before calling Resend", async () => {
    expect(
      await failure(sendEmailBatch({ apiKey: fake.apiKey }, emails(101), { idempotencyKey: "k-101" })),
    ).toMatchObject({ retriable: false, code: "batch_size" });
    expect(
      await failure(sendEmailBatch({ apiKey: fake.apiKey }, [], { idempotencyKey: "k-0" })),
    ).toMatchObject({
      retriable: false,
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("the fake refuses a batch over 100 like Resend (422)", async () => {
    const res = await fetch(`${fake.url}/emails/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(emails(101)),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.sent).toHaveLength(0);
  });
});
