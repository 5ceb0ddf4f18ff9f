import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { testDb } from "../helpers/db";

describe("GET /api/health", () => {
  it("reports ok, the database kind and current migrations", async () => {
    const handle = await testDb();
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      db: process.env.DATABASE_URL ? "postgres" : "pglite",
      migrations: "current",
    });
    expect(handle.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    await expect(handle.pendingMigrations()).resolves.toBe(0);
  });
});
