import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import { createBusiness, signUpVerifyAndSignIn } from "./helpers";

/**
 * The installable app (PWA) against a production build: the manifest and its icons, Chromium's own
 * installability check (DevTools Protocol `Page.getInstallabilityErrors`), and `/b`, where the installed
 * app starts, opening the business used last and the manifest's shortcuts.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Asha Rao", email: `asha-pwa-${run}@example.com`, password: "a long shop secret" };

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let firstSlug = "";

beforeAll(async () => {
  browser = await openBrowser({ width: 360, height: 740 });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

/** Width and height of a PNG from its IHDR chunk (bytes 16–23). */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("installable app", () => {
  it("serves a manifest whose icons are real PNGs of their sizes, and Chromium finds it installable", async () => {
    const res = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as {
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; purpose: string }[];
      shortcuts: { name: string; url: string }[];
      screenshots: { src: string; sizes: string; form_factor: string }[];
    };
    expect(manifest).toMatchObject({ start_url: "/b?source=pwa", display: "standalone" });
    expect(manifest.icons.map((i) => i.purpose).sort()).toEqual(["any", "any", "maskable", "monochrome"]);
    expect(manifest.shortcuts.map((s) => s.name)).toEqual(["New customer", "My tasks", "Import customers"]);
    expect(manifest.screenshots.map((s) => s.form_factor)).toEqual(["narrow", "wide"]);
    const splash = { src: "/icons/splash-1170x2532", sizes: "1170x2532" };
    for (const icon of [
      ...manifest.icons,
      ...manifest.screenshots,
      splash,
      { src: "/icons/apple-180", sizes: "180x180" },
    ]) {
      const r = await fetch(new URL(icon.src, baseUrl));
      expect(r.headers.get("content-type")).toBe("image/png");
      const [w, h] = pngSize(Buffer.from(await r.arrayBuffer()));
      expect(`${w}x${h}`).toBe(icon.sizes);
    }

    await page.goto(baseUrl);
    const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    expect(apple).toContain("/icons/apple-180");
    const startup = await page.locator('link[rel="apple-touch-startup-image"]').count();
    expect(startup).toBeGreaterThanOrEqual(9);
    const cdp = await browser.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  });

  it("starts at the business used last, and the shortcuts open their page in it", async () => {
    await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
    const first = await createBusiness(page, {
      name: `Rao Salon ${run}`,
      country: "IN",
      timeZone: "Asia/Kolkata",
      currency: "INR",
    });
    firstSlug = first;
    await page.goto(`${baseUrl}/b/new`);
    const second = await createBusiness(page, {
      name: `Rao Spa ${run}`,
      country: "IN",
      timeZone: "Asia/Kolkata",
      currency: "INR",
    });
    await page.goto(`${baseUrl}/b/${first}/customers`);
    await page.goto(`${baseUrl}/b?source=pwa`);
    expect(new URL(page.url()).pathname).toBe(`/b/${first}`);
    await page.goto(`${baseUrl}/b/${second}`);
    await page.goto(`${baseUrl}/b?to=tasks`);
    expect(new URL(page.url()).pathname).toBe(`/b/${second}/tasks`);
    await page.goto(`${baseUrl}/b?to=customers&new=1`);
    await page.getByRole("dialog", { name: "New customer" }).waitFor();
    expect(new URL(page.url()).search).toBe("");
    await page.goto(`${baseUrl}/b?to=../settings`);
    expect(new URL(page.url()).pathname).toBe(`/b/${second}`);
  });

  it("offers to install from the second page opened, in the same frame as that page: nothing shifts", async () => {
    const tab = await browser.context.newPage();
    await tab.addInitScript(() => {
      const w = window as unknown as { installable?: boolean; shifted?: number };
      w.shifted = 0;
      window.addEventListener("beforeinstallprompt", () => {
        w.installable = true;
      });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
          if (!e.hadRecentInput) w.shifted = (w.shifted ?? 0) + e.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    // A phone's user agent, so the server renders the phone layout first, as it does for phones.
    const cdp = await browser.context.newCDPSession(tab);
    await cdp.send("Emulation.setUserAgentOverride", {
      userAgent:
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    });
    const hint = tab.getByRole("complementary", { name: "Install the app" });
    await tab.goto(`${baseUrl}/b/${firstSlug}`);
    await tab.waitForFunction(() => (window as unknown as { installable?: boolean }).installable === true);
    await tab.waitForTimeout(300);
    expect(await hint.count()).toBe(0);
    expect(await tab.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.01);

    await tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
    await tab.waitForURL(`**/b/${firstSlug}/customers`);
    await hint.getByText("Install Mini CRM on this phone").waitFor();
    expect(await tab.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.01);
    await hint.getByRole("button", { name: "Dismiss" }).click();
    await hint.waitFor({ state: "detached" });

    await tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await tab.waitForURL(`**/b/${firstSlug}/tasks`);
    await tab.getByRole("heading", { level: 1 }).waitFor();
    expect(await hint.count()).toBe(0);
    await tab.close();
  });
});
