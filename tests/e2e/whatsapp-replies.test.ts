import { createHmac, randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  createCustomers,
  scrollingWidths,
  signUpVerifyAndSignIn,
  trpcCall,
} from "./helpers";

/**
 * Replying on WhatsApp from a customer's page, in Chromium at 360 px against a production build. The
 * business has a WhatsApp phone number id and app secret but no access token, so webhooks are verified
 * while sends go to the dev outbox. The customer writes (a signed inbound webhook opens the 24-hour
 * window); the member opens the WhatsApp card from the keyboard, sees the window's time left, sends a
 * reply and finds it on the timeline and at /dev/whatsapp. A customer who never wrote gets the template
 * explanation instead of a text box, then (once the sample templates are synced) fills and sends one.
 */
const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Kiran Das", email: `kiran-${run}@example.com`, password: "a long whatsapp secret" };
const appSecret = `app-secret-${run}-0123456789`;
const phoneNumberId = String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999));
const number = `+9198${String(randomInt(10_000_000, 99_999_999))}`;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let slug: string;
let ids: Map<string, string>;

beforeAll(async () => {
  browser = await openBrowser({ width: 360, height: 740 });
  const page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Chai ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  const businessId = await businessIdOf(page, baseUrl, slug);
  await trpcCall(page, baseUrl, "messagingSettings.update", {
    businessId,
    whatsappPhoneNumberId: phoneNumberId,
    whatsappAppSecret: appSecret,
  });
  ids = await createCustomers(page, baseUrl, businessId, [
    { name: "Asha Rao", whatsapp: number },
    { name: "Vikram Shah", whatsapp: `+9197${String(randomInt(10_000_000, 99_999_999))}` },
  ]);
  await page.close();

  // Asha writes on WhatsApp: Meta's signed webhook opens her 24-hour window.
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: "Asha" }, wa_id: number.slice(1) }],
              messages: [
                {
                  from: number.slice(1),
                  id: `wamid.in-${run}`,
                  timestamp: String(Math.floor(Date.now() / 1000) - 600),
                  type: "text",
                  text: { body: "Do you have masala chai today?" },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const res = await fetch(`${baseUrl}/api/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`,
    },
    body,
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

describe("replying on WhatsApp from a customer's page", () => {
  it("finds Asha in the WhatsApp inbox, awaiting a reply, and opens her page from there", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/b/${slug}`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
    await page.getByRole("dialog", { name: "More" }).getByRole("link", { name: "WhatsApp inbox" }).click();
    await page.getByRole("heading", { name: "WhatsApp inbox", level: 1 }).waitFor();
    const asha = page.getByRole("listitem").filter({ hasText: "Asha Rao" });
    // The webhook is applied in the background after its 200: the page may be rendered a moment before.
    for (let tries = 0; (await asha.count()) === 0 && tries < 20; tries++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await asha.waitFor();
    expect(await asha.textContent()).toMatch(
      /Do you have masala chai today\?.*Unread.*Awaiting reply.*Unassigned.*Free-form reply for 23 h [45]\d min/,
    );
    // Vikram never wrote: not in the inbox.
    expect(await page.getByRole("listitem").filter({ hasText: "Vikram Shah" }).count()).toBe(0);
    const widths = await scrollingWidths(page);
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    await asha.getByRole("link").click();
    await page.waitForURL(new RegExp(`/customers/${ids.get("Asha Rao")}$`));
    // Opening her page read the conversation: the Unread tab is empty now.
    await page.goto(`${baseUrl}/b/${slug}/inbox?show=unread`);
    await page.getByText("All read").waitFor();
    await page.close();
  });

  it("sends a free-form reply inside the window; it shows on the timeline and in the dev outbox", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/b/${slug}/customers/${ids.get("Asha Rao")}`);
    const open = page.getByRole("button", { name: "Write a WhatsApp message" });
    await open.focus();
    await page.keyboard.press("Enter");
    await page.getByText(/Window open for 23 h [45]\d min/).waitFor();
    const box = page.getByLabel("Message");
    await box.waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    const reply = `Yes! Fresh masala chai until 8 pm (${run}).`;
    await page.keyboard.type(reply);
    await page.keyboard.press("Control+Enter");
    await page.getByText("WhatsApp message sent.").waitFor();
    expect(await box.inputValue()).toBe("");

    await page.getByRole("listitem").filter({ hasText: reply }).first().waitFor();
    expect(await page.getByText("WhatsApp message received").count()).toBeGreaterThan(0);
    const widths = await scrollingWidths(page);
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);

    await page.goto(`${baseUrl}/dev/whatsapp`);
    const item = page.getByRole("listitem").filter({ hasText: reply });
    await item.waitFor();
    expect(await item.textContent()).toContain("Free-form text");
    expect(await item.textContent()).toContain(number);
    // Answered: the inbox no longer lists her under "Awaiting reply".
    await page.goto(`${baseUrl}/b/${slug}/inbox`);
    await expect(page.getByRole("listitem").filter({ hasText: "Asha Rao" }).textContent()).resolves.toContain(
      "Replied",
    );
    await page.getByRole("link", { name: "Awaiting reply" }).click();
    await page.getByText("No one is waiting for a reply").waitFor();
    await page.close();
  });

  it("offers only approved templates to a customer who never wrote, filled and previewed", async () => {
    const page = await browser.context.newPage();
    const customerPage = `${baseUrl}/b/${slug}/customers/${ids.get("Vikram Shah")}`;
    await page.goto(customerPage);
    await page.getByRole("button", { name: "Write a WhatsApp message" }).click();
    await page.getByText("Only templates can be sent now").waitFor();
    await page.getByText("No approved WhatsApp templates yet").waitFor();
    await page.getByRole("link", { name: "Open Settings › Messaging" }).waitFor();
    expect(await page.getByLabel("Message").count()).toBe(0);

    // Sample templates (no provider on this machine): hello_world and seasonal_offer are approved.
    const businessId = await businessIdOf(page, baseUrl, slug);
    await trpcCall(page, baseUrl, "whatsappTemplates.sync", { businessId });
    await page.goto(customerPage);
    await page.getByRole("button", { name: "Write a WhatsApp message" }).click();
    const picker = page.getByLabel("Template");
    await picker.waitFor();
    expect(await picker.locator("option").allTextContents()).toEqual([
      "hello_world (en_US)",
      "seasonal_offer (en)",
    ]);
    await picker.selectOption({ label: "seasonal_offer (en)" });
    await page.getByLabel("Header variable 1").fill("Vikram");
    await page.getByLabel("Body variable 1").fill("Vikram");
    await page.getByLabel("Body variable 2").fill(`Chai ${run}`);
    await page.getByLabel("Body variable 3").fill("10%");
    await page.getByLabel(/Button 1 .* link ending/).fill("chai");
    await page.getByText(`Hi Vikram, Chai ${run} has 10% off this week.`).first().waitFor();
    const widths = await scrollingWidths(page);
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    await page.getByRole("button", { name: "Send template" }).click();
    await page.getByText("WhatsApp message sent.").waitFor();
    await page.getByText("WhatsApp template seasonal_offer sent").waitFor();

    await page.goto(`${baseUrl}/dev/whatsapp`);
    await page.getByRole("listitem").filter({ hasText: "Template seasonal_offer (en)" }).first().waitFor();
    await page.close();
  });
});
