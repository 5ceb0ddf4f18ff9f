import { beforeAll, describe, expect, it } from "vitest";
import { GET as restGet } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { createLimiter, isLimited, pruneExpiredRateLimits } from "@/server/rate-limit";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

// The database store always; Redis too where REDIS_URL names one (CI runs both).
const stores: ("db" | "redis")[] = process.env.REDIS_URL ? ["db", "redis"] : ["db"];

describe.each(stores)("limits shared by processes (%s store)", (store) => {
  it("two limiters over the same store (two processes) share one atomic count", async () => {
    const rule = { keyPrefix: `test_${store}_${Date.now()}`, points: 10, duration: 60 };
    const a = createLimiter(rule, store);
    const b = createLimiter(rule, store);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume("one-key")),
    );
    const passed = results.filter((r) => r.status === "fulfilled").length;
    expect(passed).toBe(10);
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(refused.every(isLimited)).toBe(true);
    await a.reset("one-key");
    await expect(b.consume("one-key")).resolves.toMatchObject({ remainingPoints: 9 });
  });
});

describe("API key rate limit", () => {
  it("answers 429 with Retry-After past the limit, and RateLimit headers on every answer", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const owner = await createUser(db);
      const biz = await createBusiness(db, { owner });
      const key = await createApiKeyFor(db, biz);
      const call = () =>
        restGet(
          new Request("http://localhost/api/v1/business", {
            headers: { authorization: `Bearer ${key.key}` },
          }),
        );
      const first = await call();
      expect(first.status).toBe(200);
      expect(first.headers.get("RateLimit-Limit")).toBe("3");
      expect(first.headers.get("RateLimit-Remaining")).toBe("2");
      await call();
      await call();
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
      // Another key has its own budget.
      const other = await createApiKeyFor(db, biz);
      const res = await restGet(
        new Request("http://localhost/api/v1/business", {
          headers: { authorization: `Bearer ${other.key}` },
        }),
      );
      expect(res.status).toBe(200);
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });
});

describe("pruneExpiredRateLimits", () => {
  it("deletes counters whose window ended more than a day ago and keeps the others", async () => {
    const tag = `prune-${Date.now()}-${Math.random()}`;
    const now = new Date("2031-06-01T12:00:00Z");
    const hour = 3_600_000;
    await db.insert(rateLimits).values([
      { key: `${tag}:old`, points: 3, expire: new Date(now.getTime() - 25 * hour) },
      { key: `${tag}:recent`, points: 3, expire: new Date(now.getTime() - 23 * hour) },
      { key: `${tag}:live`, points: 1, expire: new Date(now.getTime() + hour) },
    ]);
    let deleted = 0;
    for (;;) {
      const n = await pruneExpiredRateLimits(db, { now, limit: 1_000 });
      deleted += n;
      if (n < 1_000) break;
    }
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = (await db.select({ key: rateLimits.key }).from(rateLimits))
      .map((r) => r.key)
      .filter((k) => k.startsWith(tag))
      .sort();
    expect(left).toEqual([`${tag}:live`, `${tag}:recent`]);
  });
});
