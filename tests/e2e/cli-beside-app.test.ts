import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

/**
 * A self-hoster creates an API key from the command line while the production app runs: on the default
 * embedded database the command is answered by the running app (one process holds PGlite); on Postgres
 * it runs on its own. Either way, no downtime and the usual output.
 */

const baseUrl = inject("baseUrl");
const dataDir = inject("dataDir");
const root = path.resolve(import.meta.dirname, "../..");

function crm(...args: string[]) {
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["server/cli/index.ts", ...args], {
    cwd: root,
    env: { ...process.env, MINI_CRM_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("crm beside the running app", () => {
  it("seeds, creates an API key that the running app accepts, and lists businesses", async () => {
    const seed = crm("seed");
    expect(seed.stderr).not.toMatch(/Error|in use/);
    expect(seed.status).toBe(0);
    const created = crm("api-key", "create", "--business", "demo", "--name", "From the CLI");
    expect(created.stderr).not.toMatch(/Error/);
    expect(created.status).toBe(0);
    const key = created.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^mcrm_/);
    const res = await fetch(`${baseUrl}/api/v1/business`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: "demo" });
    const list = crm("business", "list");
    expect(list.status).toBe(0);
    expect(list.stdout).toContain("demo");
  }, 120_000);
});
