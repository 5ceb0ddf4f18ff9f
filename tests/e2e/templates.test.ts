import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  createCustomers,
  eventually,
  isFocused,
  scrollingWidths,
  signUpVerifyAndSignIn,
} from "./helpers";

/**
 * Email templates walked in Chromium against a production build: "Templates" sits after Campaigns in the
 * navigation and starts empty; a new template is built from blocks (a variable inserted at the cursor
 * from the menu, a block moved down from the keyboard with focus kept on its button); the live preview
 * renders it as the sample customer, then as a chosen customer whose name is escaped; an http image is
 * refused at its field; the template saves, shows in the list, and a test lands in the dev mailbox;
 * the editor at 360 px has no sideways scroll.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Rhea Menon", email: `rhea-${run}@example.com`, password: "a long template secret" };
const templateName = `Spring offer ${run}`;

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Menon Bakery ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  await createCustomers(page, baseUrl, await businessIdOf(page, baseUrl, slug), [
    { name: "Bilal <b>Khan</b>", email: "bilal@example.com", city: "Kochi" },
  ]);
});

afterAll(async () => {
  await browser?.close();
});

/** The HTML the preview iframe shows. */
async function previewHtml(p: Page): Promise<string> {
  return (await p.locator('iframe[title="Email preview"]').getAttribute("srcdoc")) ?? "";
}

describe("email templates in a browser", () => {
  it("starts empty, after Campaigns in the navigation", async () => {
    await page.goto(`${baseUrl}/b/${slug}/templates`);
    await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    const links = await nav.getByRole("link").allInnerTexts();
    expect(links.indexOf("Templates")).toBe(links.indexOf("Campaigns") + 1);
    expect(await nav.getByRole("link", { name: "Templates" }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("heading", { name: "No templates yet" }).waitFor();
  });

  it("builds a template with a variable, previews it as a customer, refuses an http image and saves", async () => {
    await page.getByRole("link", { name: "New email template" }).first().click();
    await page.waitForURL(/\/templates\/new$/);
    await page.getByLabel("Template name").fill(templateName);
    await page.getByLabel("Subject").fill("Fresh bakes for {{customer.firstName}}");

    // The starter heading greets with a fallback; the text gets a variable from the menu at its cursor.
    const text = page.getByLabel("Text", { exact: true });
    await text.fill("Our **new** loaves are out in ");
    await text.press("End");
    await page.getByRole("button", { name: "Insert variable" }).click();
    await page.getByRole("menuitem", { name: /City/ }).click();
    await eventually(() => text.inputValue()).toBe("Our **new** loaves are out in {{customer.city}}");
    await eventually(() => isFocused(text)).toBe(true);

    // The sample customer first: Asha from Pune.
    await eventually(async () => {
      const html = await previewHtml(page);
      return html.includes("Hi Asha,") && html.includes("<strong>new</strong> loaves are out in Pune");
    }).toBe(true);
    await eventually(() => page.getByTestId("preview-subject").innerText()).toBe("Fresh bakes for Asha");

    // As a chosen customer: the name is escaped in the email.
    await page.getByLabel("Preview as a customer").fill("Bilal");
    await page
      .getByRole("list", { name: "Matching customers" })
      .getByRole("button", { name: /Bilal/ })
      .click();
    await eventually(async () => (await previewHtml(page)).includes("loaves are out in Kochi")).toBe(true);
    expect(await previewHtml(page)).not.toContain("<b>Khan</b>");
    await eventually(() => page.getByTestId("preview-subject").innerText()).toBe("Fresh bakes for Bilal");

    // An image whose address is http: refused at its field, which takes focus.
    await page.getByRole("button", { name: "Image", exact: true }).click();
    const imageUrl = page.getByLabel("Image address (https)");
    await eventually(() => isFocused(imageUrl)).toBe(true);
    await imageUrl.fill("http://img.example/loaf.jpg");
    await page.getByRole("button", { name: "Save template" }).click();
    await page.getByText("Use an https:// address.").waitFor();
    await eventually(() => isFocused(imageUrl)).toBe(true);
    expect(await imageUrl.getAttribute("aria-invalid")).toBe("true");
    await imageUrl.fill("https://img.example/loaf.jpg");

    // The heading moves below the text from the keyboard; focus stays on its button.
    const down = page.getByRole("button", { name: "Move Heading block 1 down" });
    await down.focus();
    await page.keyboard.press("Enter");
    const moved = page.getByRole("button", { name: "Move Heading block 2 down" });
    await eventually(() => isFocused(moved)).toBe(true);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await eventually(() => isFocused(page.getByRole("button", { name: "Move Heading block 1 down" }))).toBe(
      true,
    );

    await page.getByRole("button", { name: "Save template" }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: templateName, level: 1 }).waitFor();
  });

  it("sends a test to me that lands in the mailbox, and lists the template", async () => {
    await page.getByRole("button", { name: "Send test to me" }).click();
    await page.getByText(`Sent a test to ${owner.email}`).waitFor();
    const mailbox = await browser.context.newPage();
    await mailbox.goto(`${baseUrl}/dev/mailbox`);
    await mailbox.getByText("[Test] Fresh bakes for Asha").first().waitFor();
    await mailbox.close();

    await page.goto(`${baseUrl}/b/${slug}/templates`);
    await page.getByRole("link", { name: templateName, exact: true }).waitFor();
  });

  it("fits a 360 px screen without sideways scroll", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${baseUrl}/b/${slug}/templates`);
    await phone.getByRole("link", { name: templateName, exact: true }).click();
    await phone.getByRole("heading", { name: templateName, level: 1 }).waitFor();
    await eventually(async () => (await previewHtml(phone)).includes("Hi Asha,")).toBe(true);
    const widths = await scrollingWidths(phone);
    expect(widths.viewport).toBe(360);
    expect(widths.scroll).toBeLessThanOrEqual(360);
    await phone.close();
  });
});
