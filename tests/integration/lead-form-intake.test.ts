import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as postEvent } from "@/app/api/forms/[formId]/events/route";
import { GET as getForm, OPTIONS } from "@/app/api/forms/[formId]/route";
import { POST as postSubmit } from "@/app/api/forms/[formId]/submit/route";
import type { Db } from "@/db/client";
import { formSubmissions, leadFormDailyStats, leadForms, leadFormVersions } from "@/db/schema";
import { decodeFormState } from "@/server/http/lead-form-state";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";
import { getForm as getFormSummary, listForms } from "@/server/services/lead-forms/forms";
import { setCaptchaSettings } from "@/server/services/lead-forms/intake/captcha";
import { resetLeadFormLimiters } from "@/server/services/lead-forms/intake/limits";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type FakeCaptcha, startFakeCaptcha } from "../helpers/fake-captcha";
import { publishForm } from "../helpers/lead-form-fixtures";

const events = vi.hoisted(() => ({ sent: [] as unknown[] }));
vi.mock("@/server/jobs/send", () => ({
  sendEvent: async (e: unknown) => {
    events.sent.push(e);
    return { ids: [] };
  },
}));

const APP = "http://localhost:3000";
let db: Db;
let businessId: string;
let captcha: FakeCaptcha;

beforeAll(async () => {
  db = (await testDb()).db;
  const owner = await createUser(db);
  businessId = (await createBusiness(db, { owner, name: "Aura Salon" })).id;
  captcha = await startFakeCaptcha();
  process.env.TURNSTILE_SITEVERIFY_URL = captcha.turnstileUrl;
  process.env.HCAPTCHA_SITEVERIFY_URL = captcha.hcaptchaUrl;
});

afterAll(async () => {
  delete process.env.TURNSTILE_SITEVERIFY_URL;
  delete process.env.HCAPTCHA_SITEVERIFY_URL;
  await captcha.close();
});

beforeEach(() => {
  events.sent = [];
});

const params = (formId: string) => ({ params: Promise.resolve({ formId }) });

function submit(formId: string, body: unknown, headers: Record<string, string> = {}, query = "") {
  const isForm = typeof body === "string";
  return postSubmit(
    new Request(`${APP}/api/forms/${formId}/submit${query}`, {
      method: "POST",
      body: isForm ? body : JSON.stringify(body),
      headers: {
        "content-type": isForm ? "application/x-www-form-urlencoded" : "application/json",
        ...headers,
      },
    }),
    params(formId),
  );
}

const answers = (formId: string, extra: Record<string, unknown> = {}) => ({
  name: "Asha Rao",
  email: "asha@example.com",
  phone: "094918 83981",
  service: "hair",
  _t: issueTimingToken(formId),
  _hp: "",
  _ctx: JSON.stringify({ landingPage: "https://aura.example/book?utm_source=instagram&utm_campaign=diwali" }),
  ...extra,
});

async function rowsOf(formId: string) {
  return db.select().from(formSubmissions).where(eq(formSubmissions.formId, formId));
}

async function statsOf(formId: string) {
  const [row] = await db.select().from(leadFormDailyStats).where(eq(leadFormDailyStats.formId, formId));
  return row ?? { views: 0, starts: 0, submissions: 0, spam: 0 };
}

describe("GET /api/forms/{formId}", () => {
  it("answers the public definition only, cacheable with an ETag, and a fresh token on request", async () => {
    const form = await publishForm(db, businessId, {
      settings: { notify: { userIds: [], emails: ["owner@aura.example"] }, allowedDomains: ["aura.example"] },
    });
    const res = await getForm(new Request(`${APP}/api/forms/${form.formId}`), params(form.formId));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.definition.fields.map((f: { key: string }) => f.key)).toContain("email");
    const text = JSON.stringify(body);
    for (const secret of ["mapTo", "notify", "owner@aura.example", "autoReply", "followUpTask", businessId])
      expect(text).not.toContain(secret);
    expect(body.token).toBeUndefined();
    const etag = res.headers.get("etag")!;
    expect(etag).toBeTruthy();
    expect(res.headers.get("cache-control")).toContain("max-age=60");
    const again = await getForm(
      new Request(`${APP}/api/forms/${form.formId}`, { headers: { "if-none-match": etag } }),
      params(form.formId),
    );
    expect(again.status).toBe(304);

    const withToken = await getForm(
      new Request(`${APP}/api/forms/${form.formId}?token=1&html=1`, {
        headers: { origin: "https://www.aura.example" },
      }),
      params(form.formId),
    );
    expect(withToken.headers.get("cache-control")).toBe("no-store");
    expect(withToken.headers.get("access-control-allow-origin")).toBe("https://www.aura.example");
    const tokenBody = await withToken.json();
    expect(tokenBody.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(tokenBody.html).toContain(`value="${tokenBody.token}"`);
    expect(tokenBody.html).toContain('name="_hp"');
  });

  it("answers 404 for an unknown form, 410 for a closed one, 403 for a page of another domain", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await getForm(new Request(`${APP}/api/forms/${unknown}`), params(unknown))).status).toBe(404);
    expect((await getForm(new Request(`${APP}/api/forms/nope`), params("nope"))).status).toBe(404);
    const closed = await publishForm(db, businessId, { status: "closed" });
    expect(
      (await getForm(new Request(`${APP}/api/forms/${closed.formId}`), params(closed.formId))).status,
    ).toBe(410);
    const form = await publishForm(db, businessId, { settings: { allowedDomains: ["aura.example"] } });
    const foreign = await getForm(
      new Request(`${APP}/api/forms/${form.formId}`, { headers: { origin: "https://evil.example" } }),
      params(form.formId),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers the CORS preflight for allowed domains only", async () => {
    const form = await publishForm(db, businessId, { settings: { allowedDomains: ["*.aura.example"] } });
    const pre = (origin: string) =>
      OPTIONS(
        new Request(`${APP}/api/forms/${form.formId}/submit`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST" },
        }),
        params(form.formId),
      );
    const ok = await pre("https://shop.aura.example");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.aura.example");
    expect(ok.headers.get("access-control-allow-headers")).toContain("Content-Type");
    expect((await pre("https://aura.example")).status).toBe(403);
  });
});

describe("POST /api/forms/{formId}/submit", () => {
  it("stores an accepted submission with its context, counts it, and asks for processing", async () => {
    const form = await publishForm(db, businessId, { settings: { allowedDomains: ["aura.example"] } });
    const res = await submit(form.formId, answers(form.formId), { origin: "https://aura.example" });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://aura.example");
    const { id } = await res.json();
    const [row] = await rowsOf(form.formId);
    expect(row).toMatchObject({
      id,
      status: "received",
      businessId,
      versionId: form.versionId,
      answers: { name: "Asha Rao", email: "asha@example.com", phone: "+919491883981", service: "hair" },
      context: {
        utm: { utm_source: "instagram", utm_campaign: "diwali" },
        landingPage: "https://aura.example/book?utm_source=instagram&utm_campaign=diwali",
      },
      spamReason: null,
    });
    expect(row!.tokenNonce).toMatch(/^[0-9a-f]{18}$/);
    const [f] = await db.select().from(leadForms).where(eq(leadForms.id, form.formId));
    expect(f!.submissionCount).toBe(1);
    expect(await statsOf(form.formId)).toMatchObject({ submissions: 1, spam: 0 });
    expect(events.sent).toEqual([
      { name: "lead-forms/submission.received", data: { submissionId: id, businessId } },
    ]);
  });

  it("answers 422 with one error per field in the form's language, and stores nothing", async () => {
    const form = await publishForm(db, businessId, { settings: { language: "es" } });
    const res = await submit(form.formId, answers(form.formId, { name: "", email: "asha@", color: "red" }));
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual({
      name: "Este campo es obligatorio.",
      email: "Introduce un correo electrónico válido.",
      color: "Este campo no forma parte del formulario.",
    });
    expect(await rowsOf(form.formId)).toHaveLength(0);
    expect(events.sent).toHaveLength(0);
  });

  it("refuses 1 MB of text before reading it (413), and unreadable bodies (400)", async () => {
    const form = await publishForm(db, businessId);
    const big = await submit(form.formId, answers(form.formId, { name: "x".repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    const bad = await postSubmit(
      new Request(`${APP}/api/forms/${form.formId}/submit`, {
        method: "POST",
        body: "{not json",
        headers: { "content-type": "application/json" },
      }),
      params(form.formId),
    );
    expect(bad.status).toBe(400);
    expect(await rowsOf(form.formId)).toHaveLength(0);
  });

  it("refuses a replayed timing token (409) after its first use", async () => {
    const form = await publishForm(db, businessId);
    const body = answers(form.formId);
    expect((await submit(form.formId, body)).status).toBe(201);
    const replay = await submit(form.formId, { ...body, name: "Someone else" });
    expect(replay.status).toBe(409);
    expect(await rowsOf(form.formId)).toHaveLength(1);
  });

  it("keeps bots' submissions as spam with the reason, answered like a success", async () => {
    const form = await publishForm(db, businessId, { settings: { minFillSeconds: 5 } });
    const other = await publishForm(db, businessId);
    const old = (s: number) => issueTimingToken(form.formId, new Date(Date.now() - s * 1000));
    const cases: [Record<string, unknown>, string][] = [
      [{ _hp: "http://spam.example", _t: old(30) }, "honeypot"],
      [{ _t: issueTimingToken(form.formId) }, "too_fast"],
      [{ _t: undefined }, "no_token"],
      [{ _t: issueTimingToken(other.formId, new Date(Date.now() - 30_000)) }, "bad_token"],
      [{ _t: old(30), email: "bot@mailinator.com" }, "disposable_email"],
    ];
    for (const [extra, reason] of cases) {
      const res = await submit(form.formId, answers(form.formId, extra));
      expect(res.status, reason).toBe(201);
      const { id } = await res.json();
      const [row] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, id));
      expect(row, reason).toMatchObject({ status: "spam", spamReason: reason });
    }
    expect(events.sent).toHaveLength(0);
    expect(await statsOf(form.formId)).toMatchObject({ submissions: 0, spam: cases.length });
    const [f] = await db.select().from(leadForms).where(eq(leadForms.id, form.formId));
    expect(f!.submissionCount).toBe(0);
  });

  it("answers an expired token with 422 and a fresh token", async () => {
    const form = await publishForm(db, businessId);
    const res = await submit(
      form.formId,
      answers(form.formId, { _t: issueTimingToken(form.formId, new Date(Date.now() - 25 * 3_600_000)) }),
    );
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.formError).toBeTruthy();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await submit(form.formId, answers(form.formId, { _t: body.token }))).status).toBe(201);
  });

  it("refuses a page on a domain the form does not allow (403) and stores nothing", async () => {
    const form = await publishForm(db, businessId, { settings: { allowedDomains: ["aura.example"] } });
    const res = await submit(form.formId, answers(form.formId), { origin: "https://aura.example.evil.test" });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const sub = await submit(form.formId, answers(form.formId), { origin: "https://book.aura.example" });
    expect(sub.status).toBe(201);
    const own = await submit(form.formId, answers(form.formId), { origin: APP });
    expect(own.status).toBe(201);
    expect(await rowsOf(form.formId)).toHaveLength(2);
  });

  it("answers 404 for unknown forms and 410 for closed ones, at their limit or past their date", async () => {
    const unknown = "00000000-0000-4000-8000-000000000001";
    expect((await submit(unknown, answers(unknown))).status).toBe(404);
    const closed = await publishForm(db, businessId, { status: "closed" });
    expect((await submit(closed.formId, answers(closed.formId))).status).toBe(410);
    const limited = await publishForm(db, businessId, { settings: { limit: { maxSubmissions: 1 } } });
    expect((await submit(limited.formId, answers(limited.formId))).status).toBe(201);
    const full = await submit(limited.formId, answers(limited.formId));
    expect(full.status).toBe(410);
    expect((await full.json()).message).toBe("This form is closed.");
    const past = await publishForm(db, businessId, {
      settings: { limit: { closesAt: "2020-01-01T00:00:00Z" } },
    });
    expect((await submit(past.formId, answers(past.formId))).status).toBe(410);
    expect(await rowsOf(limited.formId)).toHaveLength(1);
    // The forms list says why a published form stopped taking submissions.
    expect((await getFormSummary(db, businessId, limited.formId)).liveState).toBe("limit_reached");
    expect((await getFormSummary(db, businessId, past.formId)).liveState).toBe("expired");
    expect((await getFormSummary(db, businessId, closed.formId)).liveState).toBeNull();
    const open = await publishForm(db, businessId);
    expect((await getFormSummary(db, businessId, open.formId)).liveState).toBe("open");
    expect((await listForms(db, businessId)).find((f) => f.id === limited.formId)?.liveState).toBe(
      "limit_reached",
    );
  });

  it("never lets parallel submissions pass the limit together", async () => {
    const form = await publishForm(db, businessId, { settings: { limit: { maxSubmissions: 3 } } });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => submit(form.formId, answers(form.formId))),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 410)).toHaveLength(5);
    const [f] = await db.select().from(leadForms).where(eq(leadForms.id, form.formId));
    expect(f!.submissionCount).toBe(3);
  });

  it("reuses a form read for a second at most, and never past a change made elsewhere", async () => {
    const form = await publishForm(db, businessId);
    expect((await submit(form.formId, answers(form.formId))).status).toBe(201);
    // Another app process closes the form: the next submission here still sees it closed.
    await db.update(leadForms).set({ status: "closed" }).where(eq(leadForms.id, form.formId));
    expect((await submit(form.formId, answers(form.formId))).status).toBe(410);
    await db.update(leadForms).set({ status: "published" }).where(eq(leadForms.id, form.formId));
    expect((await submit(form.formId, answers(form.formId))).status).toBe(201);
    // Another process publishes version 2, where "service" is required: checked against version 2.
    const [v1] = await db.select().from(leadForms).where(eq(leadForms.id, form.formId));
    const [v2] = await db
      .insert(leadFormVersions)
      .values({
        businessId,
        formId: form.formId,
        version: 2,
        definition: {
          ...form.definition,
          fields: form.definition.fields.map((f) => (f.key === "service" ? { ...f, required: true } : f)),
        },
      })
      .returning({ id: leadFormVersions.id });
    await db.update(leadForms).set({ publishedVersionId: v2!.id }).where(eq(leadForms.id, form.formId));
    const missing = await submit(form.formId, answers(form.formId, { service: undefined }));
    expect(missing.status).toBe(422);
    expect(Object.keys((await missing.json()).errors)).toEqual(["service"]);
    const ok = await submit(form.formId, answers(form.formId));
    expect(ok.status).toBe(201);
    const [row] = await db
      .select({ versionId: formSubmissions.versionId })
      .from(formSubmissions)
      .where(eq(formSubmissions.id, (await ok.json()).id));
    expect(row!.versionId).toBe(v2!.id);
    expect(v1!.publishedVersionId).not.toBe(v2!.id);
    const [f] = await db.select().from(leadForms).where(eq(leadForms.id, form.formId));
    expect(f!.submissionCount).toBe(3);
  });

  it("rate-limits a client IP: 429 with Retry-After, nothing stored", async () => {
    process.env.LEAD_FORM_SUBMISSIONS_PER_IP = "2";
    resetLeadFormLimiters();
    try {
      const form = await publishForm(db, businessId);
      const ip = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
      const headers = { [PEER_ADDRESS_HEADER]: ip };
      expect((await submit(form.formId, answers(form.formId), headers)).status).toBe(201);
      expect((await submit(form.formId, answers(form.formId), headers)).status).toBe(201);
      const third = await submit(form.formId, answers(form.formId), headers);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await third.json()).message).toBe("Too many attempts. Try again in a minute.");
      expect(await rowsOf(form.formId)).toHaveLength(2);
    } finally {
      delete process.env.LEAD_FORM_SUBMISSIONS_PER_IP;
      resetLeadFormLimiters();
    }
  });

  it("answers a no-JavaScript post with 303 redirects: thank-you page, back with errors, or the iframe", async () => {
    const form = await publishForm(db, businessId);
    const encoded = (extra: Record<string, string>) =>
      new URLSearchParams({
        name: "Asha Rao",
        email: "asha@example.com",
        _t: issueTimingToken(form.formId),
        _hp: "",
        _ctx: '{"landingPage":"https://aura.example/?utm_source=flyer"}',
        ...extra,
      }).toString();
    const ok = await submit(form.formId, encoded({}), { origin: APP });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/f/${form.formId}/thanks`);

    const bad = await submit(form.formId, encoded({ email: "asha@", name: "Asha" }), { origin: APP });
    expect(bad.status).toBe(303);
    const location = new URL(bad.headers.get("location")!, APP);
    expect(location.pathname).toBe(`/f/${form.formId}`);
    expect(decodeFormState(location.searchParams.get("s"))).toMatchObject({
      errors: { email: "Enter a valid email address." },
      values: { name: "Asha", email: "asha@" },
      context: '{"landingPage":"https://aura.example/?utm_source=flyer"}',
    });

    const framed = await submit(
      form.formId,
      encoded({}),
      { origin: APP },
      "?via=embed&parent=https%3A%2F%2Faura.example",
    );
    const framedAt = new URL(framed.headers.get("location")!, APP);
    expect(framedAt.pathname).toBe(`/f/${form.formId}/embed`);
    expect(framedAt.searchParams.get("parent")).toBe("https://aura.example");
    const [framedRow] = await db
      .select()
      .from(formSubmissions)
      .where(eq(formSubmissions.id, framedAt.searchParams.get("done")!));
    expect(framedRow).toMatchObject({ formId: form.formId, status: "received" });

    const redirecting = await publishForm(db, businessId, {
      settings: { success: { type: "redirect", url: "https://aura.example/thanks" } },
    });
    const away = await submit(
      redirecting.formId,
      new URLSearchParams({ name: "Asha", _t: issueTimingToken(redirecting.formId) }).toString(),
    );
    expect(away.headers.get("location")).toBe("https://aura.example/thanks");
  });

  it("checks a Turnstile or hCaptcha response with the provider when the business has keys", async () => {
    const owner = await createUser(db);
    const biz = (await createBusiness(db, { owner })).id;
    await setCaptchaSettings(db, biz, {
      provider: "turnstile",
      siteKey: "0x4AAAAAAA-site",
      secret: captcha.secret,
    });
    const form = await publishForm(db, biz);
    captcha.valid.add("XXXX.DUMMY.TOKEN");

    const missing = await submit(form.formId, answers(form.formId));
    expect(missing.status).toBe(422);
    const wrong = await submit(form.formId, answers(form.formId, { "cf-turnstile-response": "forged" }));
    expect(wrong.status).toBe(422);
    const right = await submit(
      form.formId,
      answers(form.formId, { "cf-turnstile-response": "XXXX.DUMMY.TOKEN" }),
      { [PEER_ADDRESS_HEADER]: "198.51.100.7" },
    );
    expect(right.status).toBe(201);
    const last = captcha.requests.at(-1)!;
    expect(last.path).toBe("/turnstile/v0/siteverify");
    expect(last.form).toMatchObject({
      secret: captcha.secret,
      response: "XXXX.DUMMY.TOKEN",
      remoteip: "198.51.100.7",
    });
    expect(last.form.idempotency_key).toMatch(/^[0-9a-f]{18}$/);
    // The same response again (a replayed widget answer) is refused by the provider.
    const again = await submit(form.formId, answers(form.formId, { _captcha: "XXXX.DUMMY.TOKEN" }));
    expect(again.status).toBe(422);

    await setCaptchaSettings(db, biz, {
      provider: "hcaptcha",
      siteKey: "10000000-ffff",
      secret: captcha.secret,
    });
    captcha.valid.add("P1_hcaptcha");
    const h = await submit(form.formId, answers(form.formId, { "h-captcha-response": "P1_hcaptcha" }));
    expect(h.status).toBe(201);
    expect(captcha.requests.at(-1)).toMatchObject({
      path: "/siteverify",
      form: { secret: captcha.secret, response: "P1_hcaptcha", sitekey: "10000000-ffff" },
    });
    const definition = await (
      await getForm(new Request(`${APP}/api/forms/${form.formId}`), params(form.formId))
    ).json();
    expect(definition.captcha).toEqual({ provider: "hcaptcha", siteKey: "10000000-ffff" });
    expect(JSON.stringify(definition)).not.toContain(captcha.secret);
  });
});

describe("POST /api/forms/{formId}/events", () => {
  it("counts views and starts per day", async () => {
    const form = await publishForm(db, businessId);
    const send = (type: string) =>
      postEvent(
        new Request(`${APP}/api/forms/${form.formId}/events`, {
          method: "POST",
          body: JSON.stringify({ type }),
          headers: { "content-type": "text/plain" },
        }),
        params(form.formId),
      );
    expect((await send("view")).status).toBe(204);
    expect((await send("view")).status).toBe(204);
    expect((await send("start")).status).toBe(204);
    expect((await send("drop-table")).status).toBe(400);
    const [row] = await db
      .select()
      .from(leadFormDailyStats)
      .where(and(eq(leadFormDailyStats.formId, form.formId)));
    expect(row).toMatchObject({ views: 2, starts: 1 });
  });
});

describe("the public pages /f/{formId}", () => {
  const page = async (p: string, headers: Record<string, string> = {}) => {
    const [, formId, rest] = /^\/f\/([^/?]+)(\/[a-z]+)?/.exec(p)!;
    const mod =
      rest === "/embed"
        ? await import("@/app/f/[formId]/embed/route")
        : rest === "/thanks"
          ? await import("@/app/f/[formId]/thanks/route")
          : await import("@/app/f/[formId]/route");
    return mod.GET(new Request(`${APP}${p}`, { headers }), params(formId!));
  };

  it("serves the hosted form with hidden fields and context from its URL, a token, and no framing", async () => {
    const form = await publishForm(db, businessId, { settings: { language: "ar" } });
    const res = await page(`/f/${form.formId}?utm_source=flyer&c=spring`, { referer: "https://t.co/x" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="ar" dir="rtl">/);
    expect(html).toContain(`action="/api/forms/${form.formId}/submit"`);
    expect(html).toContain('<input type="hidden" name="campaign" value="spring"/>');
    expect(html).toMatch(/name="_t" value="[A-Za-z0-9_-]{64}"/);
    expect(html).toContain("utm_source=flyer");
    expect(html).toContain("https://t.co/x");
    expect(html).not.toContain("<script");
    expect(await statsOf(form.formId)).toMatchObject({ views: 1 });
  });

  it("answers 404 and 410 with friendly pages, and the thanks page with the form's message", async () => {
    const unknown = await page("/f/00000000-0000-4000-8000-000000000002");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("This form does not exist.");
    const closed = await publishForm(db, businessId, { status: "closed" });
    const gone = await page(`/f/${closed.formId}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("This form is closed.");
    const form = await publishForm(db, businessId, {
      settings: { success: { type: "message", message: "See you soon!" } },
    });
    const thanks = await page(`/f/${form.formId}/thanks`);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain("See you soon!");
  });

  it("serves the iframe variant framable by the allowed domains only, posting back into itself", async () => {
    const form = await publishForm(db, businessId, { settings: { allowedDomains: ["aura.example"] } });
    const q = new URLSearchParams({
      parent: "https://www.aura.example",
      page: "https://www.aura.example/book?utm_source=newsletter&c=autumn",
    });
    const res = await page(`/f/${form.formId}/embed?${q}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'self' https://aura.example:* https://*.aura.example:*");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain('data-parent="https://www.aura.example"');
    expect(html).toContain(
      `action="/api/forms/${form.formId}/submit?via=embed&amp;parent=https%3A%2F%2Fwww.aura.example"`,
    );
    expect(html).toContain('<input type="hidden" name="campaign" value="autumn"/>');
    expect(html).toContain("utm_source=newsletter");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`<script nonce="${nonce}">`);

    const foreign = await page(`/f/${form.formId}/embed?parent=https%3A%2F%2Fevil.example`);
    expect(await foreign.text()).not.toContain("evil.example");
    const done = await page(`/f/${form.formId}/embed?done=abc&parent=https%3A%2F%2Faura.example`);
    expect(await done.text()).toContain("Thank you! We received your details.");
  });
});
