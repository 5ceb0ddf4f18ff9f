import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  eventually,
  isFocused,
  signUpVerifyAndSignIn,
  trpcCall,
} from "./helpers";

/**
 * A business's custom fields reordered from the keyboard in Chromium against a production build: each
 * move keeps focus on the button pressed (or its pair at the end of the list), and the order is saved.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = {
  name: "Kiran Rao",
  email: `kiran-${run}@example.com`,
  password: "a long custom field secret",
};

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Rao Clinic ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  const businessId = await businessIdOf(page, baseUrl, slug);
  for (const label of ["Membership no", "Branch", "Blood group"])
    await trpcCall(page, baseUrl, "customFields.create", { businessId, label, type: "text" });
});

afterAll(async () => {
  await browser?.close();
});

async function order(p: Page): Promise<string[]> {
  const items = p.getByRole("list", { name: "Custom fields in display order" }).getByRole("listitem");
  return (await items.allInnerTexts()).map((t) => t.split("\n")[0]!.trim());
}

describe("custom fields in a browser", () => {
  it("moves a field down twice from the keyboard, focus staying on its buttons, and keeps the order", async () => {
    await page.goto(`${baseUrl}/b/${slug}/settings/custom-fields`);
    const down = page.getByRole("button", { name: "Move Membership no down" });
    await down.focus();
    await page.keyboard.press("Enter");
    await eventually(() => order(page)).toEqual(["Branch", "Membership no", "Blood group"]);
    await eventually(() => isFocused(down)).toBe(true);

    // To the end of the list: its Down turns disabled, so focus goes to its Up.
    await page.keyboard.press("Enter");
    await eventually(() => order(page)).toEqual(["Branch", "Blood group", "Membership no"]);
    await eventually(() => isFocused(page.getByRole("button", { name: "Move Membership no up" }))).toBe(true);
    expect(await down.isDisabled()).toBe(true);

    await page.reload();
    await eventually(() => order(page)).toEqual(["Branch", "Blood group", "Membership no"]);
  });
});
