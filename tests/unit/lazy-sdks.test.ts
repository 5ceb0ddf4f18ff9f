import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The packages (under node_modules) a fresh process resolves when it imports `entries`, with
 * DATABASE_URL, REDIS_URL and S3_BUCKET unset.
 */
function packagesLoadedBy(entries: string[]): { names: Set<string>; urls: string[] } {
  const script = `
    import { register } from "node:module";
    import { MessageChannel } from "node:worker_threads";
    const { port1, port2 } = new MessageChannel();
    const urls = [];
    port1.on("message", (u) => urls.push(u));
    register("./tests/helpers/record-resolved.mjs", import.meta.url, { data: { port: port2 }, transferList: [port2] });
    ${entries.map((e) => `await import(${JSON.stringify(e)});`).join("\n")}
    await new Promise((r) => setTimeout(r, 200));
    port1.close();
    console.log(JSON.stringify(urls));`;
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  for (const k of ["DATABASE_URL", "REDIS_URL", "S3_BUCKET"]) delete env[k];
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env,
  });
  const urls = JSON.parse(out.trim().split("\n").at(-1)!) as string[];
  const names = new Set<string>();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(u);
    if (m) names.add(m[1]!);
  }
  return { names, urls };
}

describe("heavy SDKs load on first use", () => {
  it("the REST API and the background functions import no payment, spreadsheet, S3, Redis, PDF or Web Push library until one is used", () => {
    const { names: loaded, urls } = packagesLoadedBy([
      "./server/api/root.ts",
      "./server/jobs/functions/index.ts",
    ]);
    // The graph itself did load (a broken import would leave the set empty and pass the checks below).
    expect(loaded).toContain("drizzle-orm");
    expect(loaded).toContain("inngest");
    for (const heavy of [
      "stripe",
      "razorpay",
      "exceljs",
      "@aws-sdk/client-s3",
      "@aws-sdk/lib-storage",
      "ioredis",
      "@react-pdf/renderer",
      "web-push",
    ])
      expect(loaded, heavy).not.toContain(heavy);
    // Amounts in words: the four English locales invoices use, not the library's 130-odd.
    const locales = urls
      .filter((u) => /to-words\/dist\/.*\/locales\//.test(u))
      .map((u) => u.split("/").at(-1));
    expect(new Set(locales)).toEqual(new Set(["en-AE.js", "en-GB.js", "en-IN.js", "en-US.js"]));
  }, 60_000);
});
