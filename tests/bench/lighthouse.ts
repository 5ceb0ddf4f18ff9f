import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Page } from "playwright-core";
import { startServer } from "./rest-load";

/**
 * Lighthouse mobile (performance and accessibility) on the production build, the pages the issues
 * measure: the dashboard, the customers list, a customer page and a hosted lead form. `npm run
 * lighthouse` starts `next start` on its own port with a fresh embedded database, signs a user up through
 * the pages (verified from the dev outbox), creates a business with 25 customers and a published form,
 * then runs Lighthouse `LIGHTHOUSE_RUNS` times (default 5) per page with the session's cookie, one page
 * after the other, and prints the median and range of each score and of LCP, TBT and CLS.
 * Lighthouse itself comes through `npx` (lighthouse@12, not a dependency of the app); Chromium from
 * `CHROME_PATH` or /usr/bin/chromium. Scores vary from run to run on a busy machine: read the medians.
 */

const exec = promisify(execFile);
const chromePath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, "../..");

interface Score {
  performance: number;
  accessibility: number;
  lcp: number;
  tbt: number;
  cls: number;
}

/** Signs up, verifies the email from the dev outbox and signs in; ends on /b/new. */
async function signUp(page: Page, base: string, who: { name: string; email: string; password: string }) {
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/verify-email/);
  const mailbox = await page.context().newPage();
  await mailbox.goto(`${base}/dev/mailbox`);
  await mailbox.getByRole("link", { name: who.email }).first().click();
  const href = await mailbox.locator('a[href*="/verify-email/"]').first().getAttribute("href");
  await mailbox.close();
  if (!href) throw new Error("no verification link in the dev outbox");
  await page.goto(href);
  await page.getByRole("link", { name: "Continue to sign in" }).click();
  await page.waitForURL(/\/sign-in/);
  const email = page.getByLabel("Email");
  if (!(await email.inputValue())) await email.fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/b\/new/);
}

/** Calls a tRPC procedure with the page's session (a mutation unless `query`). */
async function trpc<T>(page: Page, base: string, name: string, input: unknown, query = false): Promise<T> {
  const envelope = JSON.stringify({ json: input });
  const res = query
    ? await page.request.get(`${base}/api/trpc/${name}?input=${encodeURIComponent(envelope)}`)
    : await page.request.post(`${base}/api/trpc/${name}`, {
        data: envelope,
        headers: { "content-type": "application/json" },
      });
  const body = (await res.json()) as { result?: { data?: { json?: T } } };
  if (!res.ok() || !body.result?.data) throw new Error(`${name} answered ${res.status()}`);
  return body.result.data.json as T;
}

/** The pages to measure, with the session cookie they need. */
async function seed(base: string) {
  const browser = await chromium.launch({ executablePath: chromePath });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, base, {
      name: "Asha Rao",
      email: `asha.${Date.now()}@example.com`,
      password: "correct horse battery staple 9",
    });
    await page.getByLabel("Business name").fill("Rao Salon");
    await page.getByLabel("Country").selectOption("IN");
    await page.getByLabel("Time zone").selectOption("Asia/Kolkata");
    await page.getByLabel("Currency").selectOption("INR");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL((url) => /^\/b\/[a-z0-9-]+$/.test(url.pathname) && url.pathname !== "/b/new");
    const slug = new URL(page.url()).pathname.split("/")[2]!;
    const businesses = await trpc<{ id: string; slug: string }[]>(
      page,
      base,
      "business.list",
      undefined,
      true,
    );
    const businessId = businesses.find((b) => b.slug === slug)!.id;
    const names = ["Priya Sharma", "Rahul Verma", "Anita Desai", "Vikram Singh", "Meera Iyer"];
    let customerId = "";
    for (let i = 0; i < 25; i++) {
      const name = `${names[i % names.length]} ${i + 1}`;
      const created = await trpc<{ id: string }>(page, base, "customers.create", {
        businessId,
        name,
        email: `${name.toLowerCase().replace(/ /g, ".")}@example.in`,
        phone: `+9198765${String(43210 + i).padStart(5, "0")}`,
        tags: i % 3 ? ["vip"] : ["walk-in"],
      });
      customerId ||= created.id;
    }
    const form = await trpc<{ id: string }>(page, base, "leadForms.create", {
      businessId,
      name: "Book a free consultation",
    });
    await trpc(page, base, "leadForms.publish", { businessId, formId: form.id });
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
    audits: Record<string, { numericValue: number }>;
  };
  return {
    performance: Math.round(report.categories.performance!.score * 100),
    accessibility: Math.round(report.categories.accessibility!.score * 100),
    lcp: report.audits["largest-contentful-paint"]!.numericValue,
    tbt: report.audits["total-blocking-time"]!.numericValue,
    cls: report.audits["cumulative-layout-shift"]!.numericValue,
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
  const stop = await startServer(port, {
    DATABASE_URL: "",
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
    console.log(`Lighthouse mobile, ${runs} runs per page, ${base}\n`);
    console.log("| page | performance | accessibility | LCP ms | TBT ms | CLS |");
    console.log("|---|---|---|---|---|---|");
    for (const p of pages) {
      const scores: Score[] = [];
      for (let i = 0; i < runs; i++)
        scores.push(await lighthouse(p.url, p.signedIn ? cookie : null, path.join(dataDir, "report.json")));
      console.log(
        `| ${p.label} | ${spread(scores.map((s) => s.performance))} | ${spread(scores.map((s) => s.accessibility))} | ${spread(scores.map((s) => s.lcp))} | ${spread(scores.map((s) => s.tbt))} | ${spread(
          scores.map((s) => s.cls),
          3,
        )} |`,
      );
    }
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
