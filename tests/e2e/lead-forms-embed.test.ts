import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { createApiKeyFor, createBusiness, createUser, TEST_PASSWORD } from "../helpers/factories";
import { type PublishedFormFixture, publishForm } from "../helpers/lead-form-fixtures";
import { openBrowser } from "./browser";
import { signIn } from "./helpers";
import { browserPort } from "./ports";

/**
 * A salon's website embeds its lead form: a static page on another origin (another port) whose CSS is
 * `* { all: unset }` loads embed.js; a visitor on a 360 px phone fills the form and becomes a customer
 * with the UTM source of the page's URL. The same through the iframe variant and through the hosted
 * page with JavaScript disabled; the popup and slide-in open on a button, at a scroll depth and on exit
 * intent. The form is published through the test fixtures (inserted before this
 * file's own app server starts on a fresh embedded database).
 */

const root = path.resolve(import.meta.dirname, "../..");
// Both origins on ports Chromium loads (4045, 5060 and 5061 fall in these ranges).
const appPort = browserPort(4000, 800, [900]);
const hostPort = appPort + 900;
const app = `http://localhost:${appPort}`;
const site = `http://localhost:${hostPort}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "mini-crm-forms-e2e-"));
let server: ChildProcess | undefined;
let hostSite: Server | undefined;
let form: PublishedFormFixture;
let closedForm: PublishedFormFixture;
let apiKey: string;
let owner: { email: string };
let slug: string;

const hostCss = "<style>* { all: unset; } body { display: block; padding: 8px; }</style>";

function sitePage(embed: string, extra = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Aura Salon</title>${hostCss}</head>
<body><h1>Aura Salon</h1><p>Book a free consultation below.</p><input id="host-input" value="host">
${extra}${embed}
<script>document.addEventListener("submitted", function (e) { window.__submitted = e.detail; });</script>
</body></html>`;
}

async function waitForHealth(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not start");
}

beforeAll(async () => {
  // The app under test runs on Postgres when DATABASE_URL is set, else on PGlite in the data folder.
  const handle = process.env.DATABASE_URL
    ? createDb({ url: process.env.DATABASE_URL, max: 2 })
    : createDb({ pgliteDir: path.join(dataDir, "pglite") });
  await handle.migrate();
  const user = await createUser(handle.db);
  owner = user;
  const biz = await createBusiness(handle.db, { owner: user, name: "Aura Salon" });
  slug = biz.slug;
  apiKey = (await createApiKeyFor(handle.db, biz)).key;
  form = await publishForm(handle.db, biz.id, {
    settings: {
      allowedDomains: [`localhost:${hostPort}`],
      minFillSeconds: 1,
      leadDefaults: { tags: ["website"], lifecycleStage: "lead", source: "website" },
      notify: { userIds: [user.id], emails: [] },
      success: { type: "message", message: "Thank you! We will call you today." },
    },
  });
  closedForm = await publishForm(handle.db, biz.id, { status: "closed", settings: { language: "es" } });
  await handle.close();

  const embed = (attrs: string) =>
    `<script src="${app}/embed.js" data-form="${form.formId}" ${attrs} async></script>`;
  const pages: Record<string, string> = {
    "/inline.html": sitePage(embed("")),
    "/iframe.html": sitePage(embed('data-mode="iframe"')),
    "/popup.html": sitePage(
      embed('data-mode="popup" data-trigger="#book"'),
      '<button id="book" type="button">Book now</button>',
    ),
    // A long article: the slide-in comes when the visitor has read past half of it.
    "/slide.html": sitePage(
      embed('data-mode="slide-in" data-scroll="50"'),
      '<div id="article" style="display:block;height:3000px">A long article about hair care.</div><p id="end">The end.</p>',
    ),
    // A popup offered as the visitor's pointer leaves the window through its top (towards the tabs).
    "/exit.html": sitePage(embed('data-mode="popup" data-exit-intent')),
  };
  hostSite = createServer((req, res) => {
    const body = pages[new URL(req.url ?? "/", site).pathname];
    res.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(body ?? "not found");
  });
  await new Promise<void>((resolve) => hostSite!.listen(hostPort, "127.0.0.1", resolve));

  server = spawn("npx", ["next", "start", "-p", String(appPort)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      APP_URL: app,
      MINI_CRM_DATA_DIR: dataDir,
      MINI_CRM_AUTO_MIGRATE: "true",
      MINI_CRM_DEV_MAILBOX: "true",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      MINI_CRM_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      RESEND_API_KEY: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitForHealth(app);
});

afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise<void>((resolve) => (hostSite ? hostSite.close(() => resolve()) : resolve()));
  // Give the app a moment to close its database before the folder goes.
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The customer named `name` once the background work has made it (REST API, the business's key). */
async function customerNamed(name: string) {
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${app}/api/v1/customers?search=${encodeURIComponent(name)}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await res.json()) as {
      data: { id: string; name: string; source: string | null; tags: string[] }[];
    };
    const found = body.data?.find((c) => c.name === name);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no customer ${name}`);
}

async function fillForm(
  scope: Page | Locator | ReturnType<Page["frameLocator"]>,
  who: { name: string; email: string; phone: string },
) {
  await scope.getByLabel("Your name").fill(who.name);
  await scope.getByLabel("Email", { exact: true }).fill(who.email);
  await scope.getByLabel("Phone").fill(who.phone);
  await scope.getByLabel("Service").selectOption("hair");
  await scope.getByText("Send me offers by email").click();
}

describe("lead form on another website", () => {
  it("inline in a shadow root at 360 px, unharmed by the page's `* { all: unset }`, makes a customer with the UTM source", async () => {
    const browser = await openBrowser({ width: 360, height: 740 });
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${site}/inline.html?utm_source=instagram&utm_campaign=diwali`);
      const before = await page
        .locator("#host-input")
        .evaluate((e) => getComputedStyle(e).cssText || getComputedStyle(e).padding);
      await page.getByLabel("Your name").waitFor();
      // The form's own look applies inside the shadow root; the page's rule does not reach it.
      const button = page.getByRole("button", { name: "Send" });
      const look = await button.evaluate((b) => {
        const s = getComputedStyle(b);
        return {
          background: s.backgroundColor,
          display: s.display,
          height: b.getBoundingClientRect().height,
        };
      });
      expect(look.background).toBe("rgb(37, 99, 235)");
      expect(look.height).toBeGreaterThanOrEqual(44);
      const inputBorder = await page
        .getByLabel("Email", { exact: true })
        .evaluate((i) => getComputedStyle(i).borderTopStyle);
      expect(inputBorder).toBe("solid");
      // Nothing leaks out: the page's own input looks as it did.
      expect(
        await page
          .locator("#host-input")
          .evaluate((e) => getComputedStyle(e).cssText || getComputedStyle(e).padding),
      ).toBe(before);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);

      // Sent too soon after loading would count as a bot: a person takes a moment.
      await page.waitForTimeout(1_200);
      await fillForm(page, { name: "Asha Inline", email: "asha.inline@example.com", phone: "094918 83981" });
      await button.click();
      await page.getByText("Thank you! We will call you today.").waitFor();
      const detail = await page.evaluate(
        () => (window as unknown as { __submitted?: { formId: string; submissionId: string } }).__submitted,
      );
      expect(detail).toMatchObject({
        formId: form.formId,
        submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(errors).toEqual([]);

      const customer = await customerNamed("Asha Inline");
      expect(customer).toMatchObject({ source: "instagram", tags: ["website"] });

      // The owner sees the submission on the customer's timeline.
      const crm = await browser.context.newPage();
      await crm.goto(`${app}/sign-in`);
      await signIn(crm, { email: owner.email, password: TEST_PASSWORD });
      await crm.waitForURL(/\/b/);
      await crm.goto(`${app}/b/${slug}/customers/${customer.id}`);
      await crm.getByText("Filled in the form").first().waitFor();

      // The bell in the phone header counts the new lead; its notification opens the customer.
      const bell = crm.getByRole("link", { name: /^Notifications, \d+ unread$/ });
      await bell.waitFor();
      await bell.click();
      await crm.getByRole("heading", { name: "Notifications" }).waitFor();
      await crm.getByRole("button", { name: /New lead: Asha Inline/ }).click();
      await crm.waitForURL(new RegExp(`/customers/${customer.id}$`));
      // Opened, it is read: the bell has nothing unread left.
      await crm.goto(`${app}/b/${slug}/notifications`);
      await crm.getByRole("button", { name: /New lead: Asha Inline/ }).waitFor();
      expect(await crm.getByText("Unread:").count()).toBe(0);
      await crm.getByRole("link", { name: "Notifications", exact: true }).waitFor();
      expect(await crm.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await browser.close();
    }
  });

  it("shows a per-field error from the server in place, then sends", async () => {
    const browser = await openBrowser({ width: 360, height: 740 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${site}/inline.html?utm_source=google`);
      await page.getByLabel("Your name").waitFor();
      await page.waitForTimeout(1_200);
      await page.getByLabel("Your name").fill("Bela Errors");
      await page.getByLabel("Phone").fill("12");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByText("Enter a valid phone number.").waitFor();
      expect(await page.getByLabel("Phone").getAttribute("aria-invalid")).toBe("true");
      await page.getByLabel("Phone").fill("094918 83982");
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByText("Thank you! We will call you today.").waitFor();
      expect((await customerNamed("Bela Errors")).source).toBe("google");
    } finally {
      await browser.close();
    }
  });

  it("in the iframe variant: resized to its content, `submitted` reaches the page, the customer has the source", async () => {
    const browser = await openBrowser({ width: 360, height: 740 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${site}/iframe.html?utm_source=newsletter`);
      const frameEl = page.locator(`iframe[src*="/f/${form.formId}/embed"]`);
      await frameEl.waitFor();
      const frame = page.frameLocator(`iframe[src*="/f/${form.formId}/embed"]`);
      await frame.getByLabel("Your name").waitFor();
      await expect
        .poll(async () => frameEl.evaluate((f) => f.getBoundingClientRect().height), { timeout: 10_000 })
        .not.toBe(480);
      const inner = await frame.locator("html").evaluate((h) => Math.ceil(h.getBoundingClientRect().height));
      const outer = await frameEl.evaluate((f) => Math.round(f.getBoundingClientRect().height));
      expect(Math.abs(inner - outer)).toBeLessThanOrEqual(2);

      await page.waitForTimeout(1_200);
      await fillForm(frame as never, {
        name: "Chitra Frame",
        email: "chitra.frame@example.com",
        phone: "094918 83985",
      });
      await frame.getByRole("button", { name: "Send" }).click();
      await frame.getByText("Thank you! We will call you today.").waitFor();
      await expect
        .poll(() =>
          page.evaluate(() => (window as unknown as { __submitted?: { formId: string } }).__submitted),
        )
        .toMatchObject({ formId: form.formId });
      expect((await customerNamed("Chitra Frame")).source).toBe("newsletter");

      // Only the allowed site may frame it; the app's other pages still refuse framing.
      const embedRes = await fetch(`${app}/f/${form.formId}/embed`);
      expect(embedRes.headers.get("content-security-policy")).toContain(
        `frame-ancestors 'self' https://localhost:${hostPort} http://localhost:${hostPort}`,
      );
      expect(embedRes.headers.get("x-frame-options")).toBeNull();
      const hosted = await fetch(`${app}/f/${form.formId}`);
      expect(hosted.headers.get("x-frame-options")).toBe("DENY");
      expect(hosted.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    } finally {
      await browser.close();
    }
  });

  it("as a popup opened by the page's button, closed with Escape", async () => {
    const browser = await openBrowser({ width: 360, height: 740 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${site}/popup.html`);
      await page.locator("#book").click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Your name").waitFor();
      expect(await dialog.isVisible()).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await page.evaluate(
        (id) =>
          (window as unknown as { MiniCRM: { forms: { open(i: string): void } } }).MiniCRM.forms.open(id),
        form.formId,
      );
      await expect.poll(() => dialog.isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe("popups the page opens by itself", () => {
  it("slides in at half the page's scroll depth, beside the page (which stays usable), once per visit", async () => {
    const browser = await openBrowser({ width: 360, height: 740 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${site}/slide.html`);
      const panel = page.getByRole("dialog");
      // embed.js has loaded and set up (the host element is in the page) but nothing shows yet.
      await page.locator("[data-minicrm-form]").waitFor({ state: "attached" });
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(300);
      expect(await panel.isVisible()).toBe(false);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6));
      await panel.getByLabel("Your name").waitFor();
      expect(await panel.getAttribute("aria-modal")).toBe("false");
      // In the bottom corner, not covering the page: the page's own field still takes typing.
      const box = await panel.boundingBox();
      expect(box!.y + box!.height).toBeGreaterThan(740 - 40);
      await page.locator("#host-input").fill("still mine");
      expect(await page.locator("#host-input").inputValue()).toBe("still mine");
      // Filled and sent from the panel, the visitor becomes a customer.
      await page.waitForTimeout(1100); // the form's minimum fill time
      await fillForm(panel, {
        name: "Slide Visitor",
        email: "slide.visitor@example.com",
        phone: "+91 98765 11223",
      });
      await panel.getByRole("button", { name: "Send" }).click();
      await panel.getByText("Thank you! We will call you today.").waitFor();
      expect((await customerNamed("Slide Visitor")).name).toBe("Slide Visitor");
      // Reloaded and scrolled again in the same visit: it does not come back.
      await page.reload();
      await page.locator("[data-minicrm-form]").waitFor({ state: "attached" });
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForTimeout(500);
      expect(await page.getByRole("dialog").isVisible()).toBe(false);
    } finally {
      await browser.close();
    }
  });

  it("opens on exit intent (the pointer leaving through the top), not on leaving by the sides", async () => {
    const browser = await openBrowser({ width: 1280, height: 800 });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${site}/exit.html`);
      await page.locator("[data-minicrm-form]").waitFor({ state: "attached" });
      const dialog = page.getByRole("dialog");
      await page.mouse.move(640, 400);
      // Out through the left edge: not an exit intent.
      await page.mouse.move(-5, 400);
      await page.waitForTimeout(300);
      expect(await dialog.isVisible()).toBe(false);
      // Back in, then out through the top edge, towards the tabs and the address bar.
      await page.mouse.move(640, 300);
      await page.mouse.move(640, 5, { steps: 4 });
      await page.mouse.move(640, -5);
      await dialog.getByLabel("Your name").waitFor();
      expect(await dialog.getAttribute("aria-modal")).toBe("true");
      await page.keyboard.press("Escape");
      await expect.poll(() => dialog.isVisible()).toBe(false);
      // Once a visit: leaving again does not reopen it.
      await page.mouse.move(640, 300);
      await page.mouse.move(640, -5);
      await page.waitForTimeout(300);
      expect(await dialog.isVisible()).toBe(false);
    } finally {
      await browser.close();
    }
  });
});

describe("the hosted page without JavaScript", () => {
  it("posts the form, comes back with errors and the values kept, then thanks; the customer has the source", async () => {
    const browser = await openBrowser({ width: 360, height: 740 }, { javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      const res = await page.goto(`${app}/f/${form.formId}?utm_source=flyer&c=spring`);
      expect(res?.status()).toBe(200);
      await page.waitForTimeout(1_200);
      await page.getByLabel("Your name").fill("Divya NoScript");
      await page.getByLabel("Phone").fill("12");
      await Promise.all([page.waitForURL(/\?s=/), page.getByRole("button", { name: "Send" }).click()]);
      await page.getByText("Enter a valid phone number.").waitFor();
      expect(await page.getByLabel("Your name").inputValue()).toBe("Divya NoScript");
      await page.waitForTimeout(1_200);
      await page.getByLabel("Phone").fill("094918 83984");
      await Promise.all([page.waitForURL(/\/thanks$/), page.getByRole("button", { name: "Send" }).click()]);
      await page.getByText("Thank you! We will call you today.").waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const customer = await customerNamed("Divya NoScript");
      expect(customer.source).toBe("flyer");

      const unknown = await page.goto(`${app}/f/00000000-0000-4000-8000-000000000000`);
      expect(unknown?.status()).toBe(404);
      await page.getByText("This form does not exist.").waitFor();
      const closed = await page.goto(`${app}/f/${closedForm.formId}`);
      expect(closed?.status()).toBe(410);
      await page.getByText("Este formulario está cerrado.").waitFor();
    } finally {
      await browser.close();
    }
  });
});
