import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/db/client";
import { apiKeys, businesses, businessMembers, formSubmissions, invitations, leadForms } from "@/db/schema";
import { authenticateApiKey } from "@/server/services/api-keys";

/**
 * The CLI as a self-hoster runs it: a child process on its own database. PGlite in a fresh data dir
 * by default; with DATABASE_URL set, the shared test Postgres (the seed is idempotent, so earlier
 * runs there do no harm). Each run costs a few seconds (tsx start, PGlite open), so runs are few.
 */

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
let dataDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function crm(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["server/cli/index.ts", ...args], {
      cwd: root,
      env: { ...process.env, MINI_CRM_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Opens the database the CLI used (after the CLI closed it: PGlite serves one process). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  const handle = createDb(url ? { url, max: 1 } : { pgliteDir: path.join(dataDir, "pglite") });
  try {
    return await fn(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mini-crm-cli-"));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crm CLI", () => {
  let key = "";

  it("seeds the demo business, and a second run reuses it", async () => {
    const first = await crm("seed");
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("demo@example.com");
    expect(first.stdout).toContain("demo-password-123");
    expect(first.stdout).toContain('"Book a consultation", published, with 3 submissions');

    const second = await crm("seed");
    expect(second.stderr).not.toMatch(/Error/);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("already there");
  }, 120_000);

  it("api-key create prints the key alone on the last line, and the key authenticates", async () => {
    const run = await crm("api-key", "create", "--business", "demo", "--name", "x");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    key = lines.at(-1) ?? "";
    expect(key).toMatch(/^mcrm_[A-Za-z0-9_-]{40}$/);

    await withDb(async (db) => {
      const [demo] = await db.select().from(businesses).where(eq(businesses.slug, "demo"));
      expect(demo).toMatchObject({ name: "Sharma Family Clinic", country: "IN", timeZone: "Asia/Kolkata" });
      expect(demo?.phone).toMatch(/^\+91\d{10}$/);
      expect(await authenticateApiKey(db, key)).toMatchObject({ businessId: demo!.id });

      // Two seed runs made one of each.
      const id = demo!.id;
      expect(await db.$count(businessMembers, eq(businessMembers.businessId, id))).toBe(3);
      expect(
        await db.$count(
          invitations,
          and(eq(invitations.businessId, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
        ),
      ).toBe(1);
      expect(
        await db.$count(
          apiKeys,
          and(eq(apiKeys.businessId, id), eq(apiKeys.name, "Demo integration"), isNull(apiKeys.revokedAt)),
        ),
      ).toBe(1);
      // One published demo form with its submissions: one became a demo patient, one is in Spam.
      const forms = await db.select().from(leadForms).where(eq(leadForms.businessId, id));
      expect(forms.map((f) => [f.name, f.status, f.submissionCount])).toEqual([
        ["Book a consultation", "published", 2],
      ]);
      const subs = await db.select().from(formSubmissions).where(eq(formSubmissions.formId, forms[0]!.id));
      expect(subs.map((s) => s.status).sort()).toEqual(["processed", "received", "spam"]);
      expect(subs.find((s) => s.status === "processed")?.customerId).toEqual(expect.any(String));
    });
  }, 60_000);

  it("api-key revoke makes the key refused", async () => {
    expect(key).not.toBe("");
    const run = await crm("api-key", "revoke", "--business", "demo", "--prefix", key.slice(0, 11));
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Revoked");
    await withDb(async (db) => {
      expect(await authenticateApiKey(db, key)).toBeNull();
    });
  }, 60_000);

  it("business create with a bad country prints the field error and exits 1", async () => {
    const run = await crm(
      "business",
      "create",
      "--name",
      "Nowhere Shop",
      "--slug",
      "nowhere-shop",
      "--country",
      "ZZ",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("country: Choose a country.");
  }, 30_000);

  it("runs beside the app on the embedded database: commands run inside it, with the same output", async () => {
    if (process.env.DATABASE_URL) {
      // Postgres serves many processes: nothing to bridge, the command runs in its own process.
      const run = await crm("business", "list");
      expect(run.code).toBe(0);
      return;
    }
    const before = await crm("business", "list");
    expect(before.code).toBe(0);
    const host = spawn(tsx, ["tests/helpers/cli-host.ts"], {
      cwd: root,
      env: { ...process.env, MINI_CRM_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        host.stdout.on("data", (d: Buffer) => {
          if (d.toString().includes("ready")) resolve();
        });
        host.on("exit", (code) => reject(new Error(`the app stand-in exited with ${code}`)));
      });
      // The database is held by the running "app": the command is answered by it, as it would be alone.
      const during = await crm("business", "list");
      expect(during.stderr).not.toMatch(/in use|Error/);
      expect(during.code).toBe(0);
      expect(during.stdout).toBe(before.stdout);
      // A write and an error go through the same way.
      const created = await crm(
        "business",
        "create",
        "--name",
        "Bridge Shop",
        "--slug",
        "bridge-shop",
        "--country",
        "IN",
        "--owner",
        "bridge@example.com",
      );
      expect(created.stderr).not.toMatch(/Error/);
      expect(created.code).toBe(0);
      expect(created.stdout).toContain("bridge-shop");
      const bad = await crm(
        "business",
        "create",
        "--name",
        "Nowhere",
        "--slug",
        "nowhere-2",
        "--country",
        "ZZ",
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("country: Choose a country.");
      const after = await crm("business", "list");
      expect(after.stdout).toContain("bridge-shop");
    } finally {
      host.stdin.end();
      await new Promise((resolve) => host.on("close", resolve));
    }
    // With the app stopped, the command opens the database itself again.
    const alone = await crm("business", "list");
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain("bridge-shop");
  }, 120_000);

  it("an unknown command prints the usage and exits 2", async () => {
    const run = await crm("frobnicate");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "frobnicate"');
    expect(run.stderr).toContain("Usage: npm run crm");
  }, 30_000);
});
