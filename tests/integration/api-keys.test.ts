import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiKeys, auditEvents } from "@/db/schema";
import { authenticateApiKey } from "@/server/services/api-keys";
import { callerFor, callerForApiKey, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, uniqueEmail } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  return { owner, business, asOwner: callerFor(db, owner) };
}

describe("creating and listing keys", () => {
  it("returns the key once; the list never holds it or its hash; the row holds only its SHA-256", async () => {
    const { owner, business, asOwner } = await setup();
    const created = await asOwner.apiKeys.create({ businessId: business.id, name: "  Zapier  " });
    expect(created).toMatchObject({ name: "Zapier", prefix: created.key.slice(0, 11) });
    expect(created.key).toMatch(/^mcrm_[A-Za-z0-9_-]{40}$/);

    const list = await asOwner.apiKeys.list({ businessId: business.id });
    expect(list).toEqual([
      {
        id: created.id,
        name: "Zapier",
        prefix: created.prefix,
        createdAt: created.createdAt,
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    const serialized = JSON.stringify(list);
    expect(serialized).not.toContain(created.key);
    expect(serialized).not.toContain(sha256(created.key));

    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(sha256(created.key));
    expect(Object.values(row!).some((v) => typeof v === "string" && v.includes(created.key))).toBe(false);
    expect(row!.createdById).toBe(owner.id);

    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "api_key.created")));
    expect(audit).toMatchObject({
      actorUserId: owner.id,
      targetId: created.id,
      metadata: { name: "Zapier" },
    });
  });

  it("lets an admin manage keys and refuses a member", async () => {
    const { business } = await setup();
    const { user: admin } = await addMember(db, business, "admin");
    const { user: member } = await addMember(db, business, "member");
    const created = await callerFor(db, admin).apiKeys.create({ businessId: business.id, name: "Admin key" });
    await expect(callerFor(db, admin).apiKeys.list({ businessId: business.id })).resolves.toHaveLength(1);
    await expectTRPCError(
      callerFor(db, member).apiKeys.create({ businessId: business.id, name: "x" }),
      "FORBIDDEN",
    );
    await expectTRPCError(
      callerFor(db, member).apiKeys.revoke({ businessId: business.id, apiKeyId: created.id }),
      "FORBIDDEN",
    );
  });

  it("refuses an empty name with a field error", async () => {
    const { business, asOwner } = await setup();
    await expectTRPCError(asOwner.apiKeys.create({ businessId: business.id, name: "  " }), "BAD_REQUEST", {
      fieldErrors: { name: "Name the key." },
    });
  });

  it("keeps each business's keys to itself", async () => {
    const a = await setup();
    const b = await setup();
    const bKey = await createApiKeyFor(db, b.business);
    await expect(a.asOwner.apiKeys.list({ businessId: a.business.id })).resolves.toEqual([]);
    await expectTRPCError(a.asOwner.apiKeys.list({ businessId: b.business.id }), "NOT_FOUND");
    await expectTRPCError(
      a.asOwner.apiKeys.revoke({ businessId: a.business.id, apiKeyId: bKey.id }),
      "NOT_FOUND",
    );
    await expect(authenticateApiKey(db, bKey.key)).resolves.toEqual({
      id: bKey.id,
      businessId: b.business.id,
    });
  });
});

describe("authenticateApiKey", () => {
  it("accepts a valid key and records when it was used", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const before = Date.now();
    await expect(authenticateApiKey(db, key.key)).resolves.toEqual({ id: key.id, businessId: business.id });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
    expect(row!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const recent = new Date(Date.now() - 30_000);
    await db.update(apiKeys).set({ lastUsedAt: recent }).where(eq(apiKeys.id, key.id));
    await authenticateApiKey(db, key.key);
    const [a] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(a!.lastUsedAt!.getTime()).toBe(recent.getTime());

    const old = new Date(Date.now() - 5 * 60_000);
    await db.update(apiKeys).set({ lastUsedAt: old }).where(eq(apiKeys.id, key.id));
    await authenticateApiKey(db, key.key);
    const [b] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(b!.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("refuses a revoked, unknown, malformed or missing key", async () => {
    const { business, asOwner } = await setup();
    const key = await createApiKeyFor(db, business);
    await expect(asOwner.apiKeys.revoke({ businessId: business.id, apiKeyId: key.id })).resolves.toEqual({
      ok: true,
    });
    await expect(authenticateApiKey(db, key.key)).resolves.toBeNull();
    await expect(authenticateApiKey(db, `mcrm_${"a".repeat(40)}`)).resolves.toBeNull();
    await expect(authenticateApiKey(db, sha256(key.key))).resolves.toBeNull();
    await expect(authenticateApiKey(db, "")).resolves.toBeNull();
    await expect(authenticateApiKey(db, null)).resolves.toBeNull();

    const list = await asOwner.apiKeys.list({ businessId: business.id });
    expect(list[0]!.revokedAt).toBeInstanceOf(Date);
    await expectTRPCError(asOwner.apiKeys.revoke({ businessId: business.id, apiKeyId: key.id }), "NOT_FOUND");
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "api_key.revoked")));
    expect(audit).toMatchObject({ targetId: key.id });
  });
});

describe("an API key as caller", () => {
  it("reads its own business, without or with its businessId, and nothing else", async () => {
    const { business } = await setup();
    const other = await setup();
    const key = await createApiKeyFor(db, business);
    const principal = (await authenticateApiKey(db, key.key))!;
    const asKey = callerForApiKey(db, principal);

    await expect(asKey.business.get({})).resolves.toMatchObject({ id: business.id, slug: business.slug });
    await expect(asKey.business.get({ businessId: business.id })).resolves.toMatchObject({ id: business.id });
    await expect(asKey.business.access({})).resolves.toEqual({ role: "apiKey" });
    await expectTRPCError(asKey.business.get({ businessId: other.business.id }), "NOT_FOUND");
    await expectTRPCError(asKey.members.list({ businessId: other.business.id }), "NOT_FOUND");
    const members = await asKey.members.list({});
    expect(members.data.map((m) => m.role)).toEqual(["owner"]);
  });

  it("cannot create or revoke keys, invite or manage members, or use account procedures", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const { membership } = await addMember(db, business, "member");
    const asKey = callerForApiKey(db, key);
    await expectTRPCError(asKey.apiKeys.create({ name: "Minted by a key" }), "FORBIDDEN", {
      appCode: "FORBIDDEN",
    });
    await expectTRPCError(asKey.apiKeys.revoke({ apiKeyId: key.id }), "FORBIDDEN");
    await expectTRPCError(asKey.members.invite({ email: uniqueEmail(), role: "member" }), "FORBIDDEN");
    await expectTRPCError(asKey.members.changeRole({ memberId: membership.id, role: "owner" }), "FORBIDDEN");
    await expectTRPCError(asKey.members.remove({ memberId: membership.id }), "FORBIDDEN");
    await expectTRPCError(asKey.members.leave({}), "FORBIDDEN");
    await expectTRPCError(asKey.business.list(), "UNAUTHORIZED");
    await expectTRPCError(asKey.auth.me(), "UNAUTHORIZED");
    // Reading keys is allowed, and still without secrets.
    const list = await asKey.apiKeys.list({});
    expect(list.map((k) => k.id)).toEqual([key.id]);
    expect(JSON.stringify(list)).not.toContain(key.key);
  });
});
