import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import { createBusiness, scrollingWidths, signUpVerifyAndSignIn } from "./helpers";

/**
 * Messaging settings in Chromium against a production build. Without JavaScript, the Email form posts
 * a Resend API key (never in a URL), shows a field error for a bad From, then "••••abcd set", and
 * clears it again; the key never appears in the page. With JavaScript, the WhatsApp templates page
 * syncs the sample templates (no provider on this machine), maps a template's variables in the dialog
 * and shows it ready to send; both pages fit a 360 px screen.
 */
const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Farah Naqvi", email: `farah-${run}@example.com`, password: "a long messaging secret" };
let withJs: Awaited<ReturnType<typeof openBrowser>>;
let noJs: Awaited<ReturnType<typeof openBrowser>>;
let slug: string;

beforeAll(async () => {
  withJs = await openBrowser({ width: 360, height: 740 });
  const page = await withJs.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, withJs.context, page, owner);
  slug = await createBusiness(page, {
    name: `Glow ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  await page.close();
  noJs = await openBrowser({ width: 360, height: 740 }, { javaScriptEnabled: false });
  await noJs.context.addCookies(await withJs.context.cookies());
});
afterAll(async () => {
  await noJs?.close();
  await withJs?.close();
});

describe("messaging settings", () => {
  it("saves and clears a Resend key without JavaScript, by POST, with field errors", async () => {
    const page = await noJs.context.newPage();
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    await page.goto(`${baseUrl}/b/${slug}/settings/messaging`);
    const key = `re_${run}secretkey7777`;
    await page.getByLabel("Resend API key").fill(key);
    await page.getByLabel("From", { exact: true }).fill("Glow Salon");
    await page.getByRole("button", { name: "Save email settings" }).click();
    await page.getByText("Use Name <email@example.com> or an email address.").waitFor();
    expect(await page.getByRole("alert").first().textContent()).toMatch(/highlighted/);

    await page.getByLabel("Resend API key").fill(key);
    await page.getByLabel("From", { exact: true }).fill(`Glow Salon <hello-${run}@example.com>`);
    await page.getByRole("button", { name: "Save email settings" }).click();
    await page.getByText("Email settings saved.").waitFor();
    await page.goto(`${baseUrl}/b/${slug}/settings/messaging`);
    await page.getByText("••••7777 set").waitFor();
    expect(await page.content()).not.toContain(key);
    expect(urls.some((u) => u.includes(key))).toBe(false);
    expect(await page.getByLabel("From", { exact: true }).inputValue()).toBe(
      `Glow Salon <hello-${run}@example.com>`,
    );

    // Clear it: the channel goes back to the dev outbox.
    await page.getByRole("checkbox", { name: "Clear" }).first().check();
    await page.getByRole("button", { name: "Save email settings" }).click();
    await page.getByText("Email settings saved.").waitFor();
    await page.goto(`${baseUrl}/b/${slug}/settings/messaging`);
    expect(await page.getByText("••••7777 set").count()).toBe(0);
    expect(await page.getByLabel("Resend API key").count()).toBe(1);
    await page.close();
  });

  it("syncs sample WhatsApp templates and maps a template's variables, at 360 px", async () => {
    const page = await withJs.context.newPage();
    await page.goto(`${baseUrl}/b/${slug}/settings/messaging`);
    await page.getByRole("heading", { name: /WhatsApp \(Cloud API\)/ }).waitFor();
    let widths = await scrollingWidths(page);
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    await page.getByRole("link", { name: "WhatsApp templates" }).click();
    await page.waitForURL(/\/whatsapp-templates$/);
    await page.getByText("No templates yet").waitFor();
    await page.getByRole("button", { name: "Sync from Meta" }).first().click();
    await page.getByRole("heading", { name: /seasonal_offer/ }).waitFor();
    await page.getByRole("heading", { name: /appointment_reminder/ }).waitFor();
    const offer = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /seasonal_offer/ }) });
    await offer.getByRole("button", { name: /Map variables/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Source of Body variable 3").selectOption("text");
    await dialog.locator("#slot-body-3-value").fill("20%");
    await dialog.getByLabel("Source of Button 1 (Book now) link ending").selectOption("text");
    await dialog.locator("#slot-button-0-1-value").fill("spring");
    await dialog.getByRole("button", { name: "Save variables" }).click();
    await dialog.waitFor({ state: "hidden" });
    await offer.getByText("Ready to send.").waitFor();
    widths = await scrollingWidths(page);
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    await page.close();
  });
});
