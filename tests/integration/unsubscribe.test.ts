import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/unsubscribe/[token]/route";
import UnsubscribePage from "@/app/u/[token]/page";
import type { Db } from "@/db/client";
import { activities, campaignRecipients, consentEvents, customers } from "@/db/schema";
import { proxy } from "@/proxy";
import { PEER_ADDRESS_HEADER } from "@/server/http/peer-address";
import { unsubscribeLimiter } from "@/server/http/unsubscribe-limit";
import { unsubscribeToken, unsubscribeUrl } from "@/server/messaging/unsubscribe";
import { insertCustomer, insertSentCampaign } from "../helpers/campaign-rows";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

// The page reads the request's headers (rate limit) and answers notFound() for a bad token.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  notFound: () => {
    throw new Error("NOT_FOUND");
  },
}));

let db: Db;
let business: { id: string; name: string };

beforeAll(async () => {
  db = (await testDb()).db;
  const owner = await createUser(db);
  business = await createBusiness(db, { owner, name: "Glow Salon" });
});

afterAll(() => {
  request.headers = new Headers();
});

async function setup() {
  const customer = await insertCustomer(db, business.id, { email: "asha@example.com", emailConsent: true });
  const { campaign, recipients } = await insertSentCampaign(db, business.id, [customer]);
  const recipient = recipients[0]!;
  return { customer, campaign, recipient, token: unsubscribeToken({ recipientId: recipient.id }) };
}

function post(token: string, body: string | FormData, headers: Record<string, string> = {}) {
  const init: RequestInit = { method: "POST", body, headers };
  if (typeof body === "string") {
    init.headers = { "content-type": "application/x-www-form-urlencoded", ...headers };
  }
  return POST(new Request(`http://localhost:3000/api/unsubscribe/${token}`, init), {
    params: Promise.resolve({ token }),
  });
}

async function ledgerOf(customerId: string) {
  return db.select().from(consentEvents).where(eq(consentEvents.customerId, customerId));
}

async function page(token: string, done?: string): Promise<string> {
  const element = await UnsubscribePage({
    params: Promise.resolve({ token }),
    searchParams: Promise.resolve(done ? { done } : {}),
  });
  return renderToStaticMarkup(element);
}

describe("one-click unsubscribe (RFC 8058)", () => {
  it("answers 200 without a redirect and records the withdrawal everywhere", async () => {
    const { customer, campaign, recipient, token } = await setup();
    const res = await post(token, "List-Unsubscribe=One-Click", { "user-agent": "Gmail one-click" });

    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    const ledger = await ledgerOf(customer.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      businessId: business.id,
      channel: "email",
      granted: false,
      source: "one_click_unsubscribe",
      campaignId: campaign.id,
      data: { userAgent: "Gmail one-click" },
    });
    const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after).toMatchObject({ emailConsent: false, emailConsentSource: "one_click_unsubscribe" });
    const [row] = await db.select().from(campaignRecipients).where(eq(campaignRecipients.id, recipient.id));
    expect(row!.unsubscribedAt).toBeInstanceOf(Date);
    expect(row!.status).toBe("sent");
    const timeline = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, customer.id), eq(activities.type, "consent_changed")));
    expect(timeline).toHaveLength(1);
  });

  it("is idempotent: a second click succeeds and records nothing new", async () => {
    const { customer, recipient, token } = await setup();
    await post(token, "List-Unsubscribe=One-Click");
    const [first] = await db.select().from(campaignRecipients).where(eq(campaignRecipients.id, recipient.id));
    const again = await post(token, "List-Unsubscribe=One-Click");

    expect(again.status).toBe(200);
    expect(await ledgerOf(customer.id)).toHaveLength(1);
    const [second] = await db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.id, recipient.id));
    expect(second!.unsubscribedAt).toEqual(first!.unsubscribedAt);
  });

  it("accepts the one-click body as multipart/form-data too", async () => {
    const { customer, token } = await setup();
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const res = await post(token, form);
    expect(res.status).toBe(200);
    expect(await ledgerOf(customer.id)).toHaveLength(1);
  });

  it("a tampered or unknown token is 404 and changes nothing", async () => {
    const { customer, token } = await setup();
    const tampered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    expect((await post(tampered, "List-Unsubscribe=One-Click")).status).toBe(404);
    expect((await post("not-a-token", "List-Unsubscribe=One-Click")).status).toBe(404);
    // Well signed, but no such recipient.
    expect(
      (await post(unsubscribeToken({ recipientId: 2 ** 40 }), "List-Unsubscribe=One-Click")).status,
    ).toBe(404);
    expect(await ledgerOf(customer.id)).toHaveLength(0);
  });

  it("is rate-limited per client address", async () => {
    const { token } = await setup();
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    await unsubscribeLimiter.consume(ip, unsubscribeLimiter.rule.points);
    const res = await post(token, "List-Unsubscribe=One-Click", { [PEER_ADDRESS_HEADER]: ip });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    await unsubscribeLimiter.reset(ip);
  });
});

describe("the unsubscribe page", () => {
  it("shows the business and the masked address, with a form that posts without JavaScript", async () => {
    const { token } = await setup();
    const html = await page(token);
    expect(html).toContain("Unsubscribe from Glow Salon");
    expect(html).toContain("as•••@example.com");
    expect(html).not.toContain("asha@example.com");
    const form = html.match(/<form[^>]*>/)?.[0] ?? "";
    expect(form).toContain('method="post"');
    expect(form).toContain(`action="/u/${token}"`);
    expect(html).toContain('<button data-slot="button"');
    expect(html).toContain('name="action" value="unsubscribe"');
  });

  it("its form POST unsubscribes and redirects (303) back to the page, which shows the done state", async () => {
    const { customer, campaign, token } = await setup();
    const res = await post(token, "action=unsubscribe", { origin: "http://localhost:3000" });

    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/u/${token}?done=unsubscribed`);
    expect((await ledgerOf(customer.id))[0]).toMatchObject({
      granted: false,
      source: "unsubscribe_page",
      campaignId: campaign.id,
    });
    const html = await page(token, "unsubscribed");
    expect(html).toContain("You are unsubscribed");
    expect(html).toContain('name="action" value="resubscribe"');

    // Twice: still a success, nothing new.
    expect((await post(token, "action=unsubscribe")).status).toBe(303);
    expect(await ledgerOf(customer.id)).toHaveLength(1);
  });

  it("can subscribe again from the page", async () => {
    const { customer, token } = await setup();
    await post(token, "List-Unsubscribe=One-Click");
    const res = await post(token, "action=resubscribe");

    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=resubscribed");
    const ledger = await ledgerOf(customer.id);
    expect(ledger.map((e) => [e.granted, e.source]).sort()).toEqual([
      [false, "one_click_unsubscribe"],
      [true, "unsubscribe_page"],
    ]);
    const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after!.emailConsent).toBe(true);
    expect(await page(token, "resubscribed")).toContain("You are subscribed again");
  });

  it("refuses a form POST from another site, and an unknown action", async () => {
    const { customer, token } = await setup();
    expect((await post(token, "action=resubscribe", { origin: "https://evil.example" })).status).toBe(403);
    // Browsers say where a request comes from in Sec-Fetch-Site (their Origin is "null" under no-referrer).
    expect(
      (await post(token, "action=resubscribe", { "sec-fetch-site": "cross-site", origin: "null" })).status,
    ).toBe(403);
    expect((await post(token, "action=delete")).status).toBe(400);
    expect(await ledgerOf(customer.id)).toHaveLength(0);
  });

  it("answers notFound() for a tampered token", async () => {
    const { token } = await setup();
    await expect(page(`${token.slice(0, -3)}xyz`)).rejects.toThrow("NOT_FOUND");
  });

  it("works for a customer link outside a campaign (customer token)", async () => {
    const customer = await insertCustomer(db, business.id, { email: "ravi@example.com" });
    const url = unsubscribeUrl({ businessId: business.id, customerId: customer.id });
    const token = url.split("/u/")[1]!;
    expect(await page(token)).toContain("ra•••@example.com");
    expect((await post(token, "List-Unsubscribe=One-Click")).status).toBe(200);
    expect((await ledgerOf(customer.id))[0]).toMatchObject({ granted: false, campaignId: null });
    // A customer token naming a campaign of another business does not credit that campaign.
    const owner = await createUser(db);
    const other = await createBusiness(db, { owner });
    const { campaign: foreign } = await insertSentCampaign(db, other.id, [
      await insertCustomer(db, other.id),
    ]);
    const second = await insertCustomer(db, business.id);
    const crossToken = unsubscribeToken({
      businessId: business.id,
      customerId: second.id,
      campaignId: foreign.id,
    });
    expect((await post(crossToken, "List-Unsubscribe=One-Click")).status).toBe(200);
    expect((await ledgerOf(second.id))[0]).toMatchObject({ campaignId: null });
    // A token naming a customer of another business under this business finds nothing.
    const mixed = unsubscribeToken({ businessId: business.id, customerId: randomUUID() });
    expect((await post(mixed, "List-Unsubscribe=One-Click")).status).toBe(404);
  });
});

describe("proxy.ts", () => {
  it("hands POSTs to /u/{token} to the unsubscribe route handler and leaves GETs to the page", () => {
    const rewritten = proxy(new NextRequest("http://localhost:3000/u/abc_DEF-1", { method: "POST" }));
    expect(rewritten.headers.get("x-middleware-rewrite")).toBe(
      "http://localhost:3000/api/unsubscribe/abc_DEF-1",
    );
    const pageRequest = proxy(new NextRequest("http://localhost:3000/u/abc_DEF-1"));
    expect(pageRequest.headers.get("x-middleware-rewrite")).toBeNull();
    expect(pageRequest.headers.get("content-security-policy")).toContain("nonce-");
  });
});
