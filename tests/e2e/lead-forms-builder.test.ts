import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import { animationsDone, eventually, isFocused, scrollingWidths, signIn } from "./helpers";

/**
 * Lead forms, the business's side, in Chromium against a production build. The demo data (`crm seed`,
 * answered by the running app on the embedded database) stores a published form with submissions in the
 * database, as the public form would. The owner builds a new form: adds a dropdown, reorders it with the
 * keyboard, sees it in the live preview, changes settings, is shown a mistake at its control, publishes
 * and gets the share codes; then reads the seeded submissions at 360 px: the inbox, the detail sheet with
 * every answer, the UTM context and the customer's link, and the Spam tab.
 */

const baseUrl = inject("baseUrl");
const dataDir = inject("dataDir");
const root = path.resolve(import.meta.dirname, "../..");
const run = randomUUID().slice(0, 6);
const formName = `Spring offer ${run}`;

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;

beforeAll(async () => {
  const seed = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["server/cli/index.ts", "seed"], {
    cwd: root,
    env: { ...process.env, MINI_CRM_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (seed.status !== 0) throw new Error(`crm seed failed: ${seed.stderr}`);
  browser = await openBrowser();
  page = await browser.context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await signIn(page, { email: "demo@example.com", password: "demo-password-123" });
  await page.waitForURL(/\/b\//);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

const formsUrl = `${baseUrl}/b/demo/forms`;

/** The builder's fields in order, by key. */
function fieldOrder(p: Page): Promise<string[]> {
  return p
    .getByRole("list", { name: "Fields" })
    .locator(":scope > li")
    .evaluateAll((items) => items.map((li) => li.getAttribute("data-field-key") ?? ""));
}

async function expectNoSidewaysScroll(p: Page) {
  const widths = await scrollingWidths(p);
  expect(widths.viewport).toBe(360);
  expect(widths.scroll).toBeLessThanOrEqual(360);
}

describe("lead forms in a browser", () => {
  it("lists the forms, after Templates in the navigation", async () => {
    await page.goto(formsUrl);
    await page.getByRole("heading", { name: "Forms", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    const links = await nav.getByRole("link").allInnerTexts();
    expect(links.indexOf("Forms")).toBe(links.indexOf("Templates") + 1);
    expect(await nav.getByRole("link", { name: "Forms" }).getAttribute("aria-current")).toBe("page");
    const seeded = page.locator('[data-form-row="Book a consultation"]');
    expect(await seeded.innerText()).toMatch(/Live[\s\S]*Submissions\s*2/);
  });

  it("builds a form: adds a dropdown, reorders it by keyboard and sees it in the preview", async () => {
    await page.getByRole("button", { name: "New form" }).click();
    const dialog = page.getByRole("dialog", { name: "New form" });
    await dialog.getByLabel("Form name").fill(formName);
    await dialog.getByRole("button", { name: "Create form" }).click();
    await page.waitForURL(/\/forms\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: formName, level: 1 }).waitFor();
    await eventually(() => fieldOrder(page)).toEqual(["name", "email", "phone"]);

    await page.getByRole("button", { name: "Add field" }).click();
    await page.getByRole("menuitem", { name: "Dropdown (one choice)" }).click();
    const label = page.getByLabel("Label", { exact: true });
    await eventually(() => isFocused(label)).toBe(true);
    await label.fill("Which service?");
    await page.getByRole("textbox", { name: "Choice 1", exact: true }).fill("Haircut");
    await page.getByRole("textbox", { name: "Choice 2", exact: true }).fill("Colour");
    await eventually(() => fieldOrder(page)).toEqual(["name", "email", "phone", "select"]);

    // Keyboard: focus the handle, Space picks the field up, ArrowUp twice, Space drops it; each step is
    // announced by the field's name and position.
    const handle = page.getByRole("button", { name: "Reorder Which service?" });
    await handle.focus();
    const announced = () => page.locator('[id^="DndLiveRegion"]').innerText();
    for (const [key, said] of [
      ["Space", "“Which service?” moved to position 4 of 4."],
      ["ArrowUp", "“Which service?” moved to position 3 of 4."],
      ["ArrowUp", "“Which service?” moved to position 2 of 4."],
      ["Space", "“Which service?” dropped at position 2 of 4."],
    ] as const) {
      await page.keyboard.press(key);
      await eventually(announced).toBe(said);
    }
    await eventually(() => fieldOrder(page)).toEqual(["name", "select", "email", "phone"]);
    expect(await isFocused(handle)).toBe(true);

    const preview = page.frameLocator('iframe[title^="Form preview"]');
    await eventually(() => preview.getByText("Which service?").count()).toBe(1);
    await preview.getByRole("combobox", { name: "Which service?" }).waitFor();
  });

  it("changes settings, shows a mistake at its control, publishes and shares", async () => {
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Spring offer: 20% off");
    await page.getByRole("tab", { name: "New leads" }).click();
    await page.getByLabel("Tags").fill("spring, website");
    await page.getByRole("tab", { name: "Look" }).click();
    await page.getByLabel("Button colour", { exact: true }).fill("not a colour");

    await page.getByRole("button", { name: "Save draft" }).click();
    const colour = page.getByLabel("Button colour", { exact: true });
    await eventually(() => page.getByText("Use a colour like #2563eb.").isVisible()).toBe(true);
    await eventually(() => isFocused(colour)).toBe(true);
    expect(await colour.getAttribute("aria-invalid")).toBe("true");
    await colour.fill("#be185d");
    await eventually(() => page.getByText("Use a colour like #2563eb.").count()).toBe(0);

    const preview = page.frameLocator('iframe[title^="Form preview"]');
    await eventually(() => preview.getByRole("heading", { name: "Spring offer: 20% off" }).count()).toBe(1);

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await eventually(() => page.getByText("All changes saved").isVisible()).toBe(true);
    await eventually(() => page.getByRole("tab", { name: "Share" }).getAttribute("aria-selected")).toBe(
      "true",
    );
    const formId = new URL(page.url()).pathname.split("/").at(-1)!;
    const inline = await page.getByLabel("Embed on your website code").inputValue();
    expect(inline).toBe(`<script src="${baseUrl}/embed.js" data-form="${formId}" async></script>`);
    expect(await page.locator('[data-snippet="link"]').innerText()).toBe(`${baseUrl}/f/${formId}`);
    await eventually(() => page.getByText("Live", { exact: true }).first().isVisible()).toBe(true);

    // The draft was saved whole: reload shows the order and the settings.
    await page.reload();
    await eventually(() => fieldOrder(page)).toEqual(["name", "select", "email", "phone"]);
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("tab", { name: "New leads" }).click();
    expect(await page.getByLabel("Tags").inputValue()).toBe("spring, website");

    // Leaving with unsaved changes asks first: cancelling stays, confirming leaves.
    await page.getByLabel("Tags").fill("spring, website, vip");
    const builderUrl = page.url();
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole("navigation", { name: "Form" }).getByRole("link", { name: "Submissions" }).click();
    await eventually(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(/not saved/);
    expect(page.url()).toBe(builderUrl);
    expect(await page.getByLabel("Tags").inputValue()).toBe("spring, website, vip");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("navigation", { name: "Form" }).getByRole("link", { name: "Submissions" }).click();
    await eventually(() => page.url()).toBe(`${builderUrl}/submissions`);
  });

  it("reads seeded submissions at 360 px: the inbox, a submission's sheet and the Spam tab", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(formsUrl);
    await phone.getByRole("link", { name: "Submissions of Book a consultation" }).click();
    await phone.waitForURL(/\/submissions$/);
    const list = phone.getByRole("list", { name: "Submissions" });
    await list.getByRole("button", { name: /Rahul Deshpande/ }).waitFor();
    expect(await list.getByRole("button").count()).toBe(2);
    await expectNoSidewaysScroll(phone);

    await list.getByRole("button", { name: /Aarav Sharma/ }).click();
    const sheet = phone.getByRole("dialog", { name: "Aarav Sharma" });
    await sheet.getByText("My son has a cough for a week.").waitFor();
    const text = await sheet.innerText();
    expect(text).toContain("Customer added");
    expect(text).toContain("Paediatrics");
    expect(text).toMatch(/utm_campaign\s+monsoon-checkups/);
    expect(text).toMatch(/Source\s+instagram/);
    expect(await sheet.getByRole("link", { name: /Open Aarav Sharma/ }).getAttribute("href")).toMatch(
      /^\/b\/demo\/customers\/[0-9a-f-]{36}$/,
    );
    await animationsDone(sheet);
    const box = await sheet.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await phone.keyboard.press("Escape");

    await phone.getByRole("tab", { name: "Spam" }).click();
    await list.getByRole("button", { name: /Cheap meds online/ }).waitFor();
    expect(await list.getByRole("button").count()).toBe(1);
    await expectNoSidewaysScroll(phone);

    await phone.goto(formsUrl);
    await phone.locator('[data-form-row="Book a consultation"]').waitFor();
    await expectNoSidewaysScroll(phone);
    await phone.close();
  });
});
