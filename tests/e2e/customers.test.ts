import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  eventually,
  isFocused,
  pageWidths,
  signUpVerifyAndSignIn,
  trpcCall,
} from "./helpers";

/**
 * Customers 360 walked in Chromium against a production build: import `sample_customers_100.xlsx`
 * through the wizard (mapping, Skip, start) and watch the progress bar finish with 100 created; search
 * `94918` on the customers list and open Vivaan Singh; the import is on the timeline; add a note and a
 * task; the customer page's edit and delete dialogs load their code when first reached for and work
 * from the keyboard; the list and the customer page at 360 px have no horizontal scroll.
 */

const baseUrl = inject("baseUrl");
const root = path.resolve(import.meta.dirname, "../..");
const fixture = path.resolve(root, "../shared/fixtures/import/sample_customers_100.xlsx");
const run = randomUUID().slice(0, 6);
const owner = { name: "Meera Iyer", email: `meera-${run}@example.com`, password: "a long import secret" };

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";
let customerUrl = "";
const noteText = `Prefers evening calls ${run}`;
const taskTitle = `Send Diwali offer ${run}`;

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Iyer Sweets ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Whether focus is inside `dialog`. */
async function hasFocusInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((el) => el.contains(document.activeElement));
}

/** The text of every script the page requested, by URL. */
async function scriptTexts(p: Page, urls: Iterable<string>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const url of urls) texts.set(url, await (await p.request.get(url)).text());
  return texts;
}

async function expectNoHorizontalScroll(p: Page) {
  const widths = await pageWidths(p);
  expect(widths.client).toBe(360);
  expect(widths.scroll).toBeLessThanOrEqual(360);
}

describe("customers in a browser", () => {
  it("imports the sample xlsx through the wizard and watches the progress bar finish", async () => {
    expect(existsSync(fixture), `fixture missing: ${fixture}`).toBe(true);
    await page.goto(`${baseUrl}/b/${slug}/customers/import`);
    // The picker is enabled once the page is interactive; a file chosen before would not be uploaded.
    await page.locator("input[type=file]:not([disabled])").waitFor({ state: "attached" });
    await page.getByLabel("File", { exact: true }).setInputFiles(fixture);

    // Mapping suggested from the headers; the user confirms it as is.
    const nameSelect = page.getByLabel("name", { exact: true });
    await nameSelect.waitFor();
    expect(await nameSelect.inputValue()).toBe("name");
    expect(await page.getByLabel("phoneE164", { exact: true }).inputValue()).toBe("phone");
    expect(await page.getByLabel("whatsappE164", { exact: true }).inputValue()).toBe("whatsapp");
    expect(await page.getByLabel("tags", { exact: true }).inputValue()).toBe("tags");
    // The preview shows the rows as they will be saved: the phone with its country code, written as
    // people in India write it.
    await expect.poll(() => page.getByText("+91 94918 83981").first().isVisible()).toBe(true);

    await page.getByLabel("Skip", { exact: true }).check();
    await page.getByRole("button", { name: "Start import" }).click();
    await page.waitForURL(/\/customers\/import\/[0-9a-f-]{36}$/);

    const bar = page.getByRole("progressbar", { name: "Import progress" });
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 60_000 }).toBe("100");
    await expect
      .poll(() => page.getByRole("heading", { name: "Import finished" }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await page.getByTestId("import-created").textContent()).toBe("100");
    expect(await page.getByTestId("import-failed").textContent()).toBe("0");

    // The state lives in the database: a reload shows the same summary.
    await page.reload();
    await expect.poll(() => page.getByRole("heading", { name: "Import finished" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("link", { name: "View customers" }).isVisible()).toBe(true);
  });

  it("finds Vivaan Singh by a fragment of his phone on the customers list", async () => {
    await page.goto(`${baseUrl}/b/${slug}/customers`);
    const search = page
      .getByRole("searchbox")
      .or(page.getByPlaceholder(/search/i))
      .first();
    await search.fill("94918");
    const link = page.getByRole("link", { name: "Vivaan Singh" }).first();
    await expect.poll(() => link.isVisible(), { timeout: 15_000 }).toBe(true);
    await link.click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}/);
    customerUrl = page.url();
    await expect
      .poll(() => page.getByRole("heading", { name: "Vivaan Singh" }).first().isVisible())
      .toBe(true);
  });

  it("shows the import on the timeline and adds a note and a task", async () => {
    expect(customerUrl).not.toBe("");
    await expect
      .poll(
        () =>
          page
            .getByText(/Imported/)
            .first()
            .isVisible(),
        { timeout: 15_000 },
      )
      .toBe(true);

    await page.getByLabel("Note", { exact: true }).fill(noteText);
    await page.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => page.getByText(noteText).first().isVisible(), { timeout: 15_000 }).toBe(true);

    // "New task" opens the form in a dialog; saving closes it and focus goes back to the button.
    const newTask = page.getByRole("button", { name: "New task" });
    await newTask.click();
    const taskDialog = page.getByRole("dialog", { name: "New task" });
    await taskDialog.getByLabel("Title", { exact: true }).fill(taskTitle);
    const due = taskDialog.getByLabel("Due", { exact: true });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const type = await due.getAttribute("type");
    await due.fill(
      type === "date" ? tomorrow.toISOString().slice(0, 10) : `${tomorrow.toISOString().slice(0, 10)}T10:00`,
    );
    await taskDialog.getByRole("button", { name: "Add task" }).click();
    await taskDialog.waitFor({ state: "hidden" });
    await expect.poll(() => page.getByText(taskTitle).first().isVisible(), { timeout: 15_000 }).toBe(true);
    await eventually(() => isFocused(newTask)).toBe(true);
  });

  it("loads the customer page's dialogs when first reached for, and opens them from the keyboard", async () => {
    expect(customerUrl).not.toBe("");
    const fresh = await browser.context.newPage();
    const scripts = new Set<string>();
    fresh.on("request", (r) => {
      if (r.resourceType() === "script") scripts.add(r.url());
    });
    await fresh.goto(customerUrl);
    const editTask = fresh.getByRole("button", { name: `Edit task “${taskTitle}”` });
    await editTask.waitFor();
    await fresh.waitForLoadState("networkidle");

    // The first load brings no dialog code: neither Radix's dialog nor the edit dialog's own.
    const firstLoad = new Set(scripts);
    expect(firstLoad.size).toBeGreaterThan(0);
    for (const [url, text] of await scriptTexts(fresh, firstLoad)) {
      expect(text, url).not.toContain("DialogContent");
      expect(text, url).not.toContain("Times are in the business's time zone.");
    }

    // Tab from the task's checkbox to its Edit button starts loading the dialog; Enter opens it.
    await fresh.getByRole("checkbox", { name: taskTitle }).focus();
    await fresh.keyboard.press("Tab");
    expect(await isFocused(editTask)).toBe(true);
    await eventually(() => [...scripts].filter((u) => !firstLoad.has(u)).length).toBeGreaterThan(0);
    await fresh.keyboard.press("Enter");
    const editDialog = fresh.getByRole("dialog", { name: "Edit task" });
    await editDialog.waitFor();
    await eventually(() => editDialog.getByLabel("Title", { exact: true }).inputValue()).toBe(taskTitle);
    await eventually(() => hasFocusInside(editDialog)).toBe(true);
    await fresh.keyboard.press("Escape");
    await editDialog.waitFor({ state: "hidden" });
    await eventually(() => isFocused(editTask)).toBe(true);
    const loaded = [...scripts].filter((u) => !firstLoad.has(u));
    expect([...(await scriptTexts(fresh, loaded)).values()].some((t) => t.includes("DialogContent"))).toBe(
      true,
    );

    // The task's Delete button is next: Enter asks to confirm, Escape keeps the task.
    await fresh.keyboard.press("Tab");
    const deleteTask = fresh.getByRole("button", { name: `Delete task “${taskTitle}”` });
    expect(await isFocused(deleteTask)).toBe(true);
    await fresh.keyboard.press("Enter");
    const confirmTask = fresh.getByRole("alertdialog", { name: "Delete this task?" });
    await confirmTask.waitFor();
    await eventually(() => hasFocusInside(confirmTask)).toBe(true);
    await fresh.keyboard.press("Escape");
    await confirmTask.waitFor({ state: "hidden" });
    await eventually(() => isFocused(deleteTask)).toBe(true);
    expect(await fresh.getByText(taskTitle).first().isVisible()).toBe(true);

    // The note's Delete button, and the customer's Edit dialog.
    const deleteNote = fresh.getByRole("button", { name: "Delete note" });
    await deleteNote.focus();
    await fresh.keyboard.press("Enter");
    const confirmNote = fresh.getByRole("alertdialog", { name: "Delete this note?" });
    await confirmNote.waitFor();
    await eventually(() => hasFocusInside(confirmNote)).toBe(true);
    await fresh.keyboard.press("Escape");
    await confirmNote.waitFor({ state: "hidden" });
    await eventually(() => isFocused(deleteNote)).toBe(true);
    expect(await fresh.getByText(noteText).first().isVisible()).toBe(true);

    const editCustomer = fresh.getByRole("button", { name: "Edit", exact: true });
    await editCustomer.focus();
    await fresh.keyboard.press("Enter");
    const customerDialog = fresh.getByRole("dialog", { name: "Edit Vivaan Singh" });
    await customerDialog.waitFor();
    await eventually(() => customerDialog.getByRole("textbox", { name: /^Name/ }).inputValue()).toBe(
      "Vivaan Singh",
    );
    await eventually(() => hasFocusInside(customerDialog)).toBe(true);
    await fresh.keyboard.press("Escape");
    await customerDialog.waitFor({ state: "hidden" });
    await eventually(() => isFocused(editCustomer)).toBe(true);
    // Enter opens it again; saving closes it and the page shows the change.
    await fresh.keyboard.press("Enter");
    await customerDialog.getByRole("textbox", { name: /^Company/ }).fill(`Singh Traders ${run}`);
    await customerDialog.getByRole("button", { name: "Save customer" }).click();
    await customerDialog.waitFor({ state: "hidden" });
    await eventually(() => fresh.getByText(`Singh Traders ${run}`).first().isVisible()).toBe(true);

    // Confirming deletes: a second task goes, from the keyboard.
    const businessId = await businessIdOf(fresh, baseUrl, slug);
    const customerId = new URL(customerUrl).pathname.split("/").at(-1);
    const spare = `Spare task ${run}`;
    await trpcCall(fresh, baseUrl, "tasks.create", { businessId, customerId, title: spare });
    await fresh.reload();
    const deleteSpare = fresh.getByRole("button", { name: `Delete task “${spare}”` });
    await deleteSpare.waitFor();
    await deleteSpare.focus();
    await fresh.keyboard.press("Enter");
    const confirmSpare = fresh.getByRole("alertdialog", { name: "Delete this task?" });
    await confirmSpare.waitFor();
    await confirmSpare.getByRole("button", { name: "Delete" }).focus();
    await fresh.keyboard.press("Enter");
    await confirmSpare.waitFor({ state: "hidden" });
    await eventually(() => fresh.getByText("Task deleted.").first().isVisible()).toBe(true);
    await eventually(() => deleteSpare.count()).toBe(0);
    expect(await deleteTask.isVisible()).toBe(true);
    await fresh.close();
  });

  it("exports the filtered list as CSV and XLSX with the session", async () => {
    const filter = encodeURIComponent(JSON.stringify({ search: "94918" }));
    const csv = await page.request.get(
      `${baseUrl}/api/customers/export?slug=${slug}&format=csv&filter=${filter}`,
    );
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="customers-.+\.csv"/);
    const text = await csv.text();
    expect(text).toContain("Vivaan Singh");
    expect(text).toContain("+919491883981");
    expect(text.trim().split(/\r?\n/)).toHaveLength(2);

    const xlsx = await page.request.get(`${baseUrl}/api/customers/export?slug=${slug}&format=xlsx`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

    const anonymous = await fetch(`${baseUrl}/api/customers/export?slug=${slug}&format=csv`);
    expect(anonymous.status).toBe(401);
  });

  it("shows the customers list and the customer page on a 360 px phone without horizontal scroll", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${baseUrl}/b/${slug}/customers`);
    await phone.getByRole("heading").first().waitFor();
    // The first page of the list (100 customers) at phone width, then a search.
    await expect
      .poll(
        () =>
          phone
            .getByRole("link", { name: /Singh|Nair|Verma|Sharma|Kumar/ })
            .first()
            .isVisible(),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    await expectNoHorizontalScroll(phone);
    // Phones show 25 cards a page; numbers on later pages are formatted too once they load.
    for (let i = 0; i < 6; i++) {
      await phone.mouse.wheel(0, 5000);
      await phone.waitForTimeout(400);
    }
    await expect.poll(() => phone.locator("main li").count(), { timeout: 15_000 }).toBeGreaterThan(25);
    await expect
      .poll(async () => (await phone.locator("main li").allTextContents()).filter((t) => /\+\d{11,}/.test(t)))
      .toEqual([]);
    await phone.getByRole("searchbox").first().fill("94918");
    await expect
      .poll(() => phone.getByText("Vivaan Singh").first().isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expectNoHorizontalScroll(phone);

    expect(customerUrl).not.toBe("");
    await phone.goto(customerUrl);
    await phone.getByRole("heading", { name: "Vivaan Singh" }).first().waitFor();
    await expectNoHorizontalScroll(phone);

    await phone.goto(`${baseUrl}/b/${slug}/customers/import`);
    await phone.getByRole("heading", { name: "Import customers" }).waitFor();
    await expectNoHorizontalScroll(phone);
    await phone.close();
  });

  it("takes taps on at least 44 × 44 px on every button of a touch screen, however small it looks", async () => {
    const phone = await browser.context.newPage();
    try {
      await phone.setViewportSize({ width: 360, height: 740 });
      const cdp = await browser.context.newCDPSession(phone);
      await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
      expect(customerUrl).not.toBe("");
      await phone.goto(customerUrl);
      await phone.getByRole("heading", { name: "Vivaan Singh" }).first().waitFor();
      expect(await phone.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
      const small = await phone.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("main .btn")].flatMap((el) => {
          const box = el.getBoundingClientRect();
          if (box.width === 0 || (box.width >= 44 && box.height >= 44)) return [];
          const tap = getComputedStyle(el, "::after");
          // A point just outside the drawn box, inside the 44 px: the tap reaches this button unless a
          // neighbour's own tap area lies over it.
          const below = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2 + 21);
          return [
            {
              name: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? "",
              tapWidth: Number.parseFloat(tap.width),
              tapHeight: Number.parseFloat(tap.height),
              reachedFromBelow: below?.closest(".btn") === el,
            },
          ];
        }),
      );
      // The customer page's dense buttons (the timeline's filters, a task's actions) are under 44 px.
      expect(small.length).toBeGreaterThan(3);
      for (const button of small) {
        expect(button.tapWidth, button.name).toBeGreaterThanOrEqual(44);
        expect(button.tapHeight, button.name).toBeGreaterThanOrEqual(44);
      }
      expect(small.filter((b) => b.reachedFromBelow).length).toBeGreaterThan(0);
    } finally {
      await phone.close();
    }
  });

  it("sends the list and the customer page rendered with their data, cards to a phone and a table otherwise", async () => {
    const phoneAgent =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    const desktopAgent =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    const list = `${baseUrl}/b/${slug}/customers?q=94918`;
    const onPhone = await (await page.request.get(list, { headers: { "user-agent": phoneAgent } })).text();
    expect(onPhone).toContain("Vivaan Singh");
    expect(onPhone).not.toContain("<table");
    // A card's swipe tray is built on the first touch, not sent with every card.
    expect(onPhone).not.toContain("data-swipe-tray");
    const onDesktop = await (
      await page.request.get(list, { headers: { "user-agent": desktopAgent } })
    ).text();
    expect(onDesktop).toContain("Vivaan Singh");
    expect(onDesktop).toContain("<table");
    // No skeleton placeholder stands in for the rows.
    expect(onDesktop).toContain("1 matching");

    const detail = await (
      await page.request.get(customerUrl, { headers: { "user-agent": phoneAgent } })
    ).text();
    expect(detail).toMatch(/<h1[^>]*>Vivaan Singh<\/h1>/);
    // Both pages' own content comes in the first part of the document, painted with it: not streamed
    // in later behind a loading skeleton, which React reveals only after its 300 ms throttle.
    const firstStreamed = (html: string) => {
      const at = html.indexOf('<div hidden id="S:');
      return at === -1 ? html.length : at;
    };
    expect(onDesktop.indexOf("Vivaan Singh")).toBeLessThan(firstStreamed(onDesktop));
    expect(onPhone.indexOf("Vivaan Singh")).toBeLessThan(firstStreamed(onPhone));
    expect(detail.search(/<h1[^>]*>Vivaan Singh<\/h1>/)).toBeLessThan(firstStreamed(detail));
    // The panels above others on a phone come whole too (with their data, not a skeleton streamed first
    // that pushes the page down when swapped), on every request including the server's first.
    const invoicesAt = detail.search(/<h2[^>]*>Invoices<\/h2>/);
    const consentAt = detail.indexOf("Consent history");
    expect(invoicesAt).toBeGreaterThan(-1);
    expect(invoicesAt).toBeLessThan(firstStreamed(detail));
    expect(consentAt).toBeGreaterThan(-1);
    expect(consentAt).toBeLessThan(firstStreamed(detail));
    expect(detail).toContain(`Prefers evening calls ${run}`);
    expect(detail).toContain(`Send Diwali offer ${run}`);
    // The customer page, its timeline included, is rendered in one pass: no boundary streams after it
    // (one keeps the response open and the server busy while the browser waits for the stylesheet).
    expect(detail).toContain("Timeline</h2>");
    expect(firstStreamed(detail)).toBe(detail.length);
  });
});
