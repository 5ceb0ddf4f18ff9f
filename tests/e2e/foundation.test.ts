import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import { linkFromMailbox as mailboxLink, signIn } from "./helpers";

/**
 * The foundation walked as a person would, in Chromium against a production build:
 * sign up → verification mail in the dev outbox → verify → sign in → create a business → invite a member
 * → the member accepts → create an API key → call /api/v1/business with it; the dashboard at 360×740
 * has no horizontal scroll.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Asha Verma", email: `asha-${run}@example.com`, password: "correct horse battery" };
const invitee = { name: "Reza Karimi", email: `reza-${run}@example.com`, password: "another long secret" };
const businessName = `Verma Opticians ${run}`;

let ownerBrowser: Awaited<ReturnType<typeof openBrowser>>;
let inviteeBrowser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";

/** Opens the newest dev-outbox message to `to` and returns the link in it that contains `pathPart`. */
function linkFromMailbox(context: BrowserContext, to: string, pathPart: string): Promise<string> {
  return mailboxLink(baseUrl, context, to, pathPart);
}

beforeAll(async () => {
  ownerBrowser = await openBrowser();
  inviteeBrowser = await openBrowser();
  page = await ownerBrowser.context.newPage();
});

afterAll(async () => {
  await ownerBrowser?.close();
  await inviteeBrowser?.close();
});

describe("foundation in a browser", () => {
  it("signs up, verifies the email from the dev outbox and signs in", async () => {
    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel("Name").fill(owner.name);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/verify-email/);

    const verifyLink = await linkFromMailbox(ownerBrowser.context, owner.email, "/verify-email/");
    await page.goto(verifyLink);
    await page.getByRole("link", { name: "Continue to sign in" }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn(page, owner);
    await page.waitForURL(/\/b\/new/);
  });

  it("creates a business and lands on its dashboard", async () => {
    await page.getByLabel("Business name").fill(businessName);
    await page.getByLabel("Country").selectOption("IN");
    await page.getByLabel("Time zone").selectOption("Asia/Kolkata");
    await page.getByLabel("Currency").selectOption("INR");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL((url) => /^\/b\/[a-z0-9-]+$/.test(url.pathname) && url.pathname !== "/b/new");
    slug = new URL(page.url()).pathname.split("/")[2]!;
    expect(slug).toMatch(/^verma-opticians/);
    await expect.poll(() => page.getByText(businessName).first().isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it("shows the dashboard on a 360 px phone without horizontal scroll", async () => {
    const phone = await ownerBrowser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${baseUrl}/b/${slug}`);
    await phone.getByRole("heading").first().waitFor();
    const widths = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.client).toBe(360);
    expect(widths.scroll).toBeLessThanOrEqual(360);
    await phone.close();
  });

  it("invites a member who accepts through the emailed link", async () => {
    await page.goto(`${baseUrl}/b/${slug}/settings/members`);
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(invitee.email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect
      .poll(() => page.getByText(invitee.email).first().isVisible(), { timeout: 10_000 })
      .toBe(true);

    const inviteLink = await linkFromMailbox(ownerBrowser.context, invitee.email, "/invite/");
    const p = await inviteeBrowser.context.newPage();
    await p.goto(inviteLink);
    await p.getByRole("link", { name: "Create an account" }).click();
    await p.waitForURL(/\/sign-up/);
    await p.getByLabel("Name").fill(invitee.name);
    expect(await p.getByLabel("Email").inputValue()).toBe(invitee.email);
    await p.getByLabel("Password", { exact: true }).fill(invitee.password);
    await p.getByRole("button", { name: "Create account" }).click();
    // Signing up through the invitation proves the address: straight to sign-in, then back to the invite.
    await p.waitForURL(/\/sign-in/);
    await signIn(p, invitee);
    await p.waitForURL(/\/invite\//);
    await p.getByRole("button", { name: "Accept invitation" }).click();
    await p.waitForURL(new RegExp(`/b/${slug}$`));

    await page.goto(`${baseUrl}/b/${slug}/settings/members`);
    await expect.poll(() => page.getByText(invitee.name).first().isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it("creates an API key that authenticates GET /api/v1/business", async () => {
    await page.goto(`${baseUrl}/b/${slug}/settings/api-keys`);
    await page.getByRole("button", { name: "Create API key" }).first().click();
    await page.getByRole("dialog").getByLabel("Name").fill("Website");
    await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^mcrm_/);

    const ok = await fetch(`${baseUrl}/api/v1/business`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { slug: string; name: string; country: string };
    expect(body).toMatchObject({ slug, name: businessName, country: "IN" });

    const refused = await fetch(`${baseUrl}/api/v1/business`, {
      headers: { authorization: "Bearer mcrm_nope" },
    });
    expect(refused.status).toBe(401);
  });

  it("opens the header menus with the keyboard and the pointer: switch business, theme, sign out", async () => {
    const phone = await ownerBrowser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${baseUrl}/b/${slug}`);
    const account = phone.getByRole("button", { name: /^Account: / });
    await account.waitFor();
    expect(await account.getAttribute("aria-haspopup")).toBe("menu");

    // Keyboard: Enter opens the menu (its code loads on demand) and moves focus into it; Esc closes it
    // and gives focus back to the button.
    await account.focus();
    await phone.keyboard.press("Enter");
    const menu = phone.getByRole("menu");
    await menu.waitFor();
    await expect
      .poll(() => phone.evaluate(() => Boolean(document.activeElement?.closest("[role=menu]"))))
      .toBe(true);
    expect(await menu.getByRole("menuitem", { name: "Sign out" }).isVisible()).toBe(true);
    await phone.keyboard.press("Escape");
    await expect.poll(() => menu.count()).toBe(0);
    await expect
      .poll(() => phone.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? ""))
      .toMatch(/^Account: /);

    // The business switcher: the current business is marked, "Create business" leads to the form.
    await phone.getByRole("button", { name: /Switch business$/ }).click();
    const businesses = phone.getByRole("menu");
    await businesses.waitFor();
    expect(await businesses.locator('[aria-current="page"]').textContent()).toContain(businessName);
    await businesses.getByRole("menuitem", { name: "Create business" }).click();
    await phone.waitForURL(/\/b\/new$/);

    // The theme submenu, then signing out, by pointer.
    await phone.goto(`${baseUrl}/b/${slug}`);
    await phone.getByRole("button", { name: /^Account: / }).click();
    await phone.getByRole("menuitem", { name: "Theme" }).click();
    await phone.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect
      .poll(() => phone.evaluate(() => document.documentElement.classList.contains("dark")))
      .toBe(true);
    await phone.keyboard.press("Escape");
    await phone.keyboard.press("Escape");
    await phone.getByRole("button", { name: /^Account: / }).click();
    await phone.getByRole("menuitem", { name: "Sign out" }).click();
    await phone.waitForURL(/\/sign-in/);

    // Signed out, the sign-in page's theme button opens its menu from the keyboard (its code loads on
    // demand); choosing Light switches the page back.
    const themeButton = phone.getByRole("button", { name: "Change theme" });
    expect(await themeButton.getAttribute("aria-haspopup")).toBe("menu");
    await themeButton.focus();
    await phone.keyboard.press("Enter");
    const themes = phone.getByRole("menu");
    await themes.waitFor();
    await expect
      .poll(() => phone.evaluate(() => Boolean(document.activeElement?.closest("[role=menu]"))))
      .toBe(true);
    await themes.getByRole("menuitemradio", { name: "Light" }).click();
    await expect
      .poll(() => phone.evaluate(() => document.documentElement.classList.contains("dark")))
      .toBe(false);
    await phone.close();
  });
});
