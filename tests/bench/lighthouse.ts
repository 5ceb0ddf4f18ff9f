import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import {
  businessIdOf,
  createBusiness,
  createCustomers,
  signUpVerifyAndSignIn,
  trpcCall,
} from "../e2e/helpers";
import { startServer } from "./rest-load";

/**
 * Lighthouse mobile (performance and accessibility) on the production build, the pages the issues
 * measure: the dashboard, the customers list, a customer page and a hosted lead form. `npm run
 * lighthouse` starts `next start` on its own port with a fresh embedded database (or, with
 * `DATABASE_URL`, on that Postgres database, migrated on start, as `npm run bench`), signs a user up through
 * the pages (verified from the dev outbox), creates a business with 25 customers and a published form,
 * then runs Lighthouse `LIGHTHOUSE_RUNS` times (default 5) per page with the session's cookie, one page
 * after the other, and prints the median and range of each score and of LCP, TBT and CLS.
 * Lighthouse itself comes through `npx` (lighthouse@12, not a dependency of the app); Chromium from
 * `CHROME_PATH` or /usr/bin/chromium. Scores vary from run to run on a busy machine: read the medians.
 * The last two columns are what this machine saw, unthrottled: Lighthouse's simulated LCP counts every
 * script that finished loading before the observed first contentful paint, and its TBT counts the first
 * full layout when a blank frame came before it, so they explain most of the swing between runs.
 * `LIGHTHOUSE_PAGES` (e.g. `list,customer page`) measures only the pages whose label contains one of its
 * comma-separated parts; `LIGHTHOUSE_REPORTS` names a folder that keeps every run's JSON report
 * (`<page>-<run>.json`), to read the diagnostics behind a score.
 */

const exec = promisify(execFile);
const chromePath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const only = (process.env.LIGHTHOUSE_PAGES ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const reportsDir = process.env.LIGHTHOUSE_REPORTS ? path.resolve(process.env.LIGHTHOUSE_REPORTS) : null;
const root = path.resolve(import.meta.dirname, "../..");

interface Score {
  performance: number;
  accessibility: number;
  lcp: number;
  tbt: number;
  cls: number;
  /** When the page first painted anything and first painted content, as this machine saw it (ms). */
  observedFirstPaint: number;
  observedFcp: number;
}

/** The pages to measure, with the session cookie they need. */
async function seed(base: string) {
  const browser = await chromium.launch({ executablePath: chromePath });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpVerifyAndSignIn(base, context, page, {
      name: "Asha Rao",
      email: `asha.${Date.now()}@example.com`,
      password: "correct horse battery staple 9",
    });
    const slug = await createBusiness(page, {
      name: "Rao Salon",
      country: "IN",
      timeZone: "Asia/Kolkata",
      currency: "INR",
    });
    const businessId = await businessIdOf(page, base, slug);
    const names = ["Priya Sharma", "Rahul Verma", "Anita Desai", "Vikram Singh", "Meera Iyer"];
    const ids = await createCustomers(
      page,
      base,
      businessId,
      Array.from({ length: 25 }, (_, i) => {
        const name = `${names[i % names.length]} ${i + 1}`;
        return {
          name,
          email: `${name.toLowerCase().replace(/ /g, ".")}@example.in`,
          phone: `+9198765${String(43210 + i).padStart(5, "0")}`,
          tags: i % 3 ? ["vip"] : ["walk-in"],
        };
      }),
    );
    const customerId = ids.values().next().value!;
    const form = await trpcCall<{ id: string }>(page, base, "leadForms.create", {
      businessId,
      name: "Book a free consultation",
    });
    await trpcCall(page, base, "leadForms.publish", { businessId, formId: form.id });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    return {
      cookie,
      pages: [
        { label: "dashboard", url: `${base}/b/${slug}`, signedIn: true },
        { label: "customers list", url: `${base}/b/${slug}/customers`, signedIn: true },
        { label: "customer page", url: `${base}/b/${slug}/customers/${customerId}`, signedIn: true },
        { label: "hosted lead form", url: `${base}/f/${form.id}`, signedIn: false },
      ],
    };
  } finally {
    await browser.close();
  }
}

/** One Lighthouse run (mobile, simulated throttling: its defaults) of `url`. */
async function lighthouse(url: string, cookie: string | null, out: string): Promise<Score> {
  const args = [
    "--yes",
    "lighthouse@12",
    url,
    "--quiet",
    "--only-categories=performance,accessibility",
    "--form-factor=mobile",
    "--chrome-flags=--headless=new --no-sandbox",
    "--output=json",
    `--output-path=${out}`,
  ];
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  await exec("npx", args, { env: { ...process.env, CHROME_PATH: chromePath }, maxBuffer: 1 << 26 });
  const report = JSON.parse(readFileSync(out, "utf8")) as {
    categories: Record<string, { score: number }>;
    audits: Record<
      string,
      {
        numericValue: number;
        details?: { items?: { observedFirstPaint?: number; observedFirstContentfulPaint?: number }[] };
      }
    >;
  };
  const observed = report.audits.metrics?.details?.items?.[0];
  return {
    performance: Math.round(report.categories.performance!.score * 100),
    accessibility: Math.round(report.categories.accessibility!.score * 100),
    lcp: report.audits["largest-contentful-paint"]!.numericValue,
    tbt: report.audits["total-blocking-time"]!.numericValue,
    cls: report.audits["cumulative-layout-shift"]!.numericValue,
    observedFirstPaint: observed?.observedFirstPaint ?? Number.NaN,
    observedFcp: observed?.observedFirstContentfulPaint ?? Number.NaN,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const spread = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("No production build: run `npm run build` first.");
    process.exit(1);
  }
  if (!existsSync(chromePath)) {
    console.error(
      `No Chromium at ${chromePath}: install it (apt-get install -y chromium) or set CHROME_PATH.`,
    );
    process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "mini-crm-lighthouse-"));
  const port = 4900 + Math.floor(Math.random() * 300);
  const base = `http://localhost:${port}`;
  const postgres = process.env.DATABASE_URL ?? "";
  const stop = await startServer(port, {
    DATABASE_URL: postgres,
    MINI_CRM_DATA_DIR: dataDir,
    MINI_CRM_AUTO_MIGRATE: "true",
    MINI_CRM_DEV_MAILBOX: "true",
    AUTH_SECRET: "lighthouse-secret-lighthouse-secret-lighthouse",
    AUTH_TRUST_HOST: "true",
    APP_URL: base,
  });
  if (!stop) throw new Error("no production build");
  try {
    const { cookie, pages } = await seed(base);
    const database = postgres ? "Postgres" : "embedded PGlite";
    console.log(`Lighthouse mobile, ${runs} runs per page, ${base}, ${database}\n`);
    console.log(
      "| page | performance | accessibility | LCP ms | TBT ms | CLS | observed first paint ms | observed FCP ms |",
    );
    console.log("|---|---|---|---|---|---|---|---|");
    if (reportsDir) mkdirSync(reportsDir, { recursive: true });
    for (const p of pages) {
      if (only.length > 0 && !only.some((o) => p.label.includes(o))) continue;
      const scores: Score[] = [];
      for (let i = 0; i < runs; i++) {
        const out = path.join(dataDir, "report.json");
        scores.push(await lighthouse(p.url, p.signedIn ? cookie : null, out));
        if (reportsDir)
          copyFileSync(out, path.join(reportsDir, `${p.label.replaceAll(" ", "-")}-${i + 1}.json`));
      }
      console.log(
        `| ${p.label} | ${spread(scores.map((s) => s.performance))} | ${spread(scores.map((s) => s.accessibility))} | ${spread(scores.map((s) => s.lcp))} | ${spread(scores.map((s) => s.tbt))} | ${spread(
          scores.map((s) => s.cls),
          3,
        )} | ${spread(scores.map((s) => s.observedFirstPaint))} | ${spread(scores.map((s) => s.observedFcp))} |`,
      );
    }
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
