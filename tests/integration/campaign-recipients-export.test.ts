import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/campaigns/[id]/recipients/route";
import type { Db } from "@/db/client";
import { audienceWhere, materializeRecipients } from "@/server/services/campaigns/audience";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("campaign recipients export", () => {
  it("downloads every recipient as CSV, the excluded with their reason, formulas neutralised", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const businessId = business.id;
    const asOwner = callerFor(db, owner);
    const people = [
      { name: "Asha Rao", email: "asha@example.com", tags: ["vip"] },
      { name: '=HYPERLINK("https://evil.test")', email: "evil@example.com", tags: ["vip"] },
      { name: "Kiran Patel", phone: "+91 98200 12345", tags: ["vip"] },
    ];
    for (const p of people) await asOwner.customers.create({ businessId, ...p });
    const audience = { type: "tags" as const, tags: ["vip"] };
    const campaign = await asOwner.campaigns.create({
      businessId,
      name: "Diwali, 2026",
      channel: "email",
      audience,
      subject: "Hello",
      body: "Hi",
    });
    const where = await audienceWhere(db, businessId, audience);
    await materializeRecipients(db, {
      businessId,
      campaignId: campaign.id,
      where,
      channel: "email",
      requiresOptIn: false,
    });

    const key = await createApiKeyFor(db, business);
    const res = await GET(
      new Request(`http://localhost:3000/api/campaigns/${campaign.id}/recipients`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
      { params: Promise.resolve({ id: campaign.id }) },
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="Diwali_2026-recipients.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets read UTF-8 by
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFCustomer,Customer ID,Channel,Address,Status,")).toBe(true);
    const lines = text.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith("Asha Rao,"))).toMatch(/,email,asha@example\.com,queued,,/);
    expect(lines.find((l) => l.startsWith("Kiran Patel,"))).toContain(
      ",excluded,No address for the channel,",
    );
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""https://evil.test"")"`))).toBe(true);

    const missing = await GET(
      new Request("http://localhost:3000/api/campaigns/not-a-uuid/recipients", {
        headers: { authorization: `Bearer ${key.key}` },
      }),
      { params: Promise.resolve({ id: "not-a-uuid" }) },
    );
    expect(missing.status).toBe(404);
  });
});
