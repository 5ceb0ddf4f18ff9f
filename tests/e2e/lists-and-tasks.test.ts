import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  animationsDone,
  businessIdOf,
  createBusiness,
  createCustomers,
  eventually,
  isFocused,
  scrollingWidths,
  signUpVerifyAndSignIn,
} from "./helpers";

/**
 * The customers list and tasks walked in Chromium against a production build: search, filter and sort
 * the list and find that state in the URL, after a reload and with Back/Forward; select two customers and
 * create a task for both from the bulk bar with the keyboard, then find it on each customer's page; edit
 * that task's title and due time; on My tasks create a task linked to a customer picked with the
 * keyboard; export the selection and the whole list as CSV with the visible columns; and at 360×740 the
 * list with the bulk bar, the bulk task dialog, the edit dialog and My tasks have no sideways page scroll
 * and every dialog button can be reached. With `E2E_SCREENSHOTS_DIR` set, each dialog is also saved as a
 * PNG there, at desktop and phone width.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Farah Khan", email: `farah-${run}@example.com`, password: "a long list secret" };
const shotsDir = process.env.E2E_SCREENSHOTS_DIR;

// Created oldest first, so the default sort (newest first) lists them bottom-up.
const people = [
  { name: "Anika Sharma", email: "anika@example.com", phone: "98450 11111", lifecycleStage: "prospect" },
  { name: "Rohan Sharma", email: "rohan@example.com", phone: "98450 22222", lifecycleStage: "prospect" },
  { name: "Kavya Sharma", email: "kavya@example.com", lifecycleStage: "lead" },
  { name: "Dev Mehta", email: "dev@example.com", lifecycleStage: "customer", tags: ["wholesale"] },
  {
    name: "Isha Kapoor",
    email: "isha@example.com",
    phone: "98450 55555",
    company: "Kapoor Textiles",
    lifecycleStage: "customer",
    tags: ["vip", "wholesale"],
  },
];

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";
let ids = new Map<string, string>();

const bulkTitle = `Invite to the spring sale ${run}`;
const editedTitle = `Invite to the summer sale ${run}`;
const pickedTitle = `Confirm the wedding order ${run}`;

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Khan Boutique ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  const businessId = await businessIdOf(page, baseUrl, slug);
  ids = await createCustomers(page, baseUrl, businessId, people);
});

afterAll(async () => {
  await browser?.close();
});

const listUrl = () => `${baseUrl}/b/${slug}/customers`;
const customerUrl = (name: string) => `${listUrl()}/${ids.get(name)}`;

/** The names the desktop table shows, in order. */
function tableNames(p: Page): Promise<string[]> {
  return p.locator("table tbody a[href*='/customers/']").allTextContents();
}

function urlParams(p: Page): URLSearchParams {
  return new URL(p.url()).searchParams;
}

/** The task item with this title on the page (or in a part of it). */
function taskItem(p: Page | Locator, title: string): Locator {
  return p.locator("li[id^='task-']").filter({ hasText: title });
}

/** `expect.poll` with room for a busy machine. */
async function focusedText(p: Page): Promise<string> {
  return p.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
}

/** Opens the bulk bar's Actions menu with the keyboard and picks "Create a task…". */
async function openBulkTaskDialogWithKeyboard(p: Page): Promise<Locator> {
  const actions = p.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Actions" });
  await actions.focus();
  await p.keyboard.press("Enter");
  await p.getByRole("menu").waitFor();
  await eventually(() => focusedText(p)).toBe("Add tags…");
  // The menu moves focus right after each key (not during it): wait for it before the next key.
  for (let i = 0; i < 10 && (await focusedText(p)) !== "Create a task…"; i++) {
    const before = await focusedText(p);
    await p.keyboard.press("ArrowDown");
    await eventually(() => focusedText(p)).not.toBe(before);
  }
  expect(await focusedText(p)).toBe("Create a task…");
  await p.keyboard.press("Enter");
  const dialog = p.getByRole("dialog", { name: "Create a task" });
  await dialog.waitFor();
  return dialog;
}

/** Reads a finished download as text (without a byte order mark). */
async function downloadedText(download: Download): Promise<string> {
  const file = await download.path();
  return readFileSync(file, "utf8").replace(/^\uFEFF/, "");
}

async function screenshot(p: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await p.screenshot({ path: path.join(shotsDir, `${name}.png`), animations: "disabled" });
}

async function expectNoSidewaysScroll(p: Page) {
  const widths = await scrollingWidths(p);
  expect(widths.viewport).toBe(360);
  expect(widths.scroll).toBeLessThanOrEqual(360);
}

/** Every button of the dialog shows and, scrolled to, lies inside the viewport; so does the dialog's width. */
async function expectDialogButtonsReachable(p: Page, dialog: Locator) {
  const viewport = p.viewportSize();
  if (!viewport) throw new Error("no viewport");
  const box = await dialog.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  const buttons = dialog.getByRole("button");
  const count = await buttons.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    const name = (await button.getAttribute("aria-label")) ?? (await button.innerText());
    expect(await button.isVisible(), `button "${name}" is hidden`).toBe(true);
    await button.scrollIntoViewIfNeeded();
    const b = await button.boundingBox();
    expect(b, `button "${name}" has no box`).not.toBeNull();
    expect(b!.x, `button "${name}" starts off screen`).toBeGreaterThanOrEqual(0);
    expect(b!.x + b!.width, `button "${name}" ends off screen`).toBeLessThanOrEqual(viewport.width);
    expect(b!.y, `button "${name}" is above the screen`).toBeGreaterThanOrEqual(0);
    expect(b!.y + b!.height, `button "${name}" is below the screen`).toBeLessThanOrEqual(viewport.height);
  }
}

describe("customers list and tasks in a browser", () => {
  it("keeps search, filter and sort in the URL; a reload and Back/Forward restore the list", async () => {
    await page.goto(listUrl());
    await eventually(() => tableNames(page)).toHaveLength(people.length);

    const search = page.getByRole("searchbox", { name: "Search customers" });
    await search.fill("Sharma");
    await eventually(() => urlParams(page).get("q")).toBe("Sharma");
    await eventually(() => tableNames(page)).toEqual(["Kavya Sharma", "Rohan Sharma", "Anika Sharma"]);

    await page.getByRole("button", { name: "Filters", exact: true }).click();
    const sheet = page.getByRole("dialog", { name: "Filters" });
    // The sheet slides in: a click aimed while it moves can miss the box, so wait for it to settle.
    await animationsDone(sheet);
    await sheet.getByRole("checkbox", { name: "Prospect" }).check();
    await sheet.getByRole("button", { name: "Show results" }).click();
    await sheet.waitFor({ state: "hidden" });
    await eventually(() => urlParams(page).get("filter")).toBe(
      JSON.stringify({ lifecycleStages: ["prospect"] }),
    );
    expect(urlParams(page).get("q")).toBe("Sharma");
    await eventually(() => tableNames(page)).toEqual(["Rohan Sharma", "Anika Sharma"]);

    await page.getByRole("columnheader", { name: "Name", exact: true }).getByRole("button").click();
    await eventually(() => urlParams(page).get("sort")).toBe("name");
    expect(urlParams(page).get("dir")).toBe("asc");
    await eventually(() => tableNames(page)).toEqual(["Anika Sharma", "Rohan Sharma"]);

    // A reload (or the same URL shared) shows the same list.
    await page.reload();
    await eventually(() => tableNames(page)).toEqual(["Anika Sharma", "Rohan Sharma"]);
    expect(await search.inputValue()).toBe("Sharma");
    await eventually(() => page.getByRole("button", { name: "Filters, 1 active" }).isVisible()).toBe(true);
    expect(
      await page.getByRole("columnheader", { name: "Name", exact: true }).getAttribute("aria-sort"),
    ).toBe("ascending");

    // The URL opened in another tab shows the same list.
    const shared = await browser.context.newPage();
    await shared.goto(page.url());
    await eventually(() => tableNames(shared)).toEqual(["Anika Sharma", "Rohan Sharma"]);
    expect(await shared.getByRole("searchbox", { name: "Search customers" }).inputValue()).toBe("Sharma");
    await shared.close();

    // Back: the sort goes, then the filter; Forward brings the filter back.
    await page.goBack();
    await eventually(() => urlParams(page).get("sort")).toBeNull();
    await eventually(() => tableNames(page)).toEqual(["Rohan Sharma", "Anika Sharma"]);
    await page.goBack();
    await eventually(() => urlParams(page).get("filter")).toBeNull();
    expect(urlParams(page).get("q")).toBe("Sharma");
    await eventually(() => tableNames(page)).toEqual(["Kavya Sharma", "Rohan Sharma", "Anika Sharma"]);
    expect(await search.inputValue()).toBe("Sharma");
    await eventually(() => page.getByRole("button", { name: "Filters", exact: true }).isVisible()).toBe(true);
    await page.goForward();
    await eventually(() => tableNames(page)).toEqual(["Rohan Sharma", "Anika Sharma"]);
    expect(urlParams(page).get("filter")).toBe(JSON.stringify({ lifecycleStages: ["prospect"] }));

    // The filters panel and the New customer sheet (whose code loads when first reached for) open from
    // the keyboard with focus inside, and Escape puts focus back on the button that opened them.
    const filtersButton = page.getByRole("button", { name: "Filters, 1 active" });
    await filtersButton.focus();
    await page.keyboard.press("Enter");
    await sheet.waitFor();
    await eventually(() => sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await sheet.getByRole("checkbox", { name: "Prospect" }).isChecked()).toBe(true);
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "hidden" });
    await eventually(() => isFocused(filtersButton)).toBe(true);

    const newButton = page.getByRole("button", { name: "New customer" });
    await newButton.focus();
    await page.keyboard.press("Enter");
    const newSheet = page.getByRole("dialog", { name: "New customer" });
    await newSheet.waitFor();
    await eventually(() => newSheet.getByRole("textbox", { name: /^Name/ }).isVisible()).toBe(true);
    await eventually(() => newSheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    await newSheet.waitFor({ state: "hidden" });
    await eventually(() => isFocused(newButton)).toBe(true);
  });

  it("creates a task for two selected customers from the bulk bar with the keyboard", async () => {
    await page.goto(listUrl());
    await eventually(() => tableNames(page)).toHaveLength(people.length);
    await page.getByRole("checkbox", { name: "Select Anika Sharma" }).click();
    await page.getByRole("checkbox", { name: "Select Dev Mehta" }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    await eventually(() => bar.getByText("2 selected").isVisible()).toBe(true);
    // Some of the loaded rows are selected: "Select all" shows the mixed state.
    const selectAll = page.getByRole("checkbox", { name: "Select all loaded customers" });
    expect(await selectAll.evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    expect(await selectAll.isChecked()).toBe(false);

    // Cancel with the keyboard: focus goes back to the bar's menu button.
    let dialog = await openBulkTaskDialogWithKeyboard(page);
    await dialog.getByRole("button", { name: "Cancel" }).focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await eventually(() => isFocused(bar.getByRole("button", { name: "Actions" }))).toBe(true);

    dialog = await openBulkTaskDialogWithKeyboard(page);
    const title = dialog.getByLabel("Title", { exact: true });
    await eventually(() => isFocused(title)).toBe(true);
    await screenshot(page, "bulk-task-dialog-desktop");
    // Typed at a person's pace while the menu finishes closing: every key lands in the field.
    await page.keyboard.type(bulkTitle, { delay: 25 });
    expect(await title.inputValue()).toBe(bulkTitle);
    await page.keyboard.press("Tab");
    const due = dialog.getByLabel("Due", { exact: true });
    expect(await isFocused(due)).toBe(true);
    await due.fill("2031-03-14T09:30");
    expect(await dialog.getByRole("button", { name: "Create 2 tasks" }).isVisible()).toBe(true);
    expect(await isFocused(due)).toBe(true);
    await page.keyboard.press("Enter");

    await dialog.waitFor({ state: "hidden" });
    await eventually(() => page.getByText("Created 2 tasks").first().isVisible()).toBe(true);
    await eventually(() => bar.isVisible()).toBe(false);
    // The selection is cleared with its bar; focus stays in the list rather than falling to the page.
    await eventually(() =>
      isFocused(page.getByRole("checkbox", { name: "Select all loaded customers" })),
    ).toBe(true);

    for (const name of ["Anika Sharma", "Dev Mehta"]) {
      await page.goto(customerUrl(name));
      const item = taskItem(page, bulkTitle);
      await eventually(() => item.isVisible()).toBe(true);
      expect(await item.innerText()).toContain("Due 14 Mar 2031, 09:30");
    }
    await page.goto(customerUrl("Rohan Sharma"));
    await page.getByRole("heading", { name: "Tasks" }).waitFor();
    await eventually(() => page.getByText("No open tasks for this customer.").isVisible()).toBe(true);
    expect(await taskItem(page, bulkTitle).count()).toBe(0);
  });

  it("edits the task's title and due time in the edit dialog", async () => {
    await page.goto(customerUrl("Anika Sharma"));
    const edit = page.getByRole("button", { name: `Edit task “${bulkTitle}”` });
    await edit.click();
    const dialog = page.getByRole("dialog", { name: "Edit task" });
    const title = dialog.getByLabel("Title", { exact: true });
    await eventually(() => title.inputValue()).toBe(bulkTitle);
    expect(await dialog.getByLabel("Due", { exact: true }).inputValue()).toBe("2031-03-14T09:30");
    await screenshot(page, "edit-task-dialog-desktop");

    await title.fill(editedTitle);
    await dialog.getByLabel("Due", { exact: true }).fill("2031-03-15T16:45");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor({ state: "hidden" });

    const item = taskItem(page, editedTitle);
    await eventually(() => item.isVisible()).toBe(true);
    expect(await item.innerText()).toContain("Due 15 Mar 2031, 16:45");
    expect(await taskItem(page, bulkTitle).count()).toBe(0);
    // Focus comes back to the item's edit button.
    await eventually(() => isFocused(page.getByRole("button", { name: `Edit task “${editedTitle}”` }))).toBe(
      true,
    );

    // The other customer's task is its own.
    await page.goto(customerUrl("Dev Mehta"));
    await eventually(() => taskItem(page, bulkTitle).isVisible()).toBe(true);
    expect(await taskItem(page, editedTitle).count()).toBe(0);
  });

  it("creates a task on My tasks linked to a customer picked with the keyboard", async () => {
    await page.goto(`${baseUrl}/b/${slug}/tasks`);
    await page.getByRole("heading", { name: "My tasks" }).waitFor();
    await eventually(() => taskItem(page, editedTitle).isVisible()).toBe(true);
    expect(await taskItem(page, bulkTitle).count()).toBe(1);

    await page.getByRole("button", { name: "New task" }).click();
    const dialog = page.getByRole("dialog", { name: "New task" });
    const title = dialog.getByLabel("Title", { exact: true });
    await eventually(() => isFocused(title)).toBe(true);
    await page.keyboard.type(pickedTitle);

    const picker = dialog.getByRole("combobox", { name: /Customer/ });
    await picker.focus();
    await page.keyboard.type("Sharma");
    // Enter before the typed text's suggestions arrive neither links a customer nor submits.
    await page.keyboard.press("Enter");
    expect(await dialog.isVisible()).toBe(true);
    expect(await picker.inputValue()).toBe("Sharma");
    const suggestions = dialog.getByRole("listbox", { name: "Customers" });
    const options = suggestions.getByRole("option");
    await eventually(async () => (await options.allInnerTexts()).map((t) => t.split("\n")[0])).toEqual([
      "Anika Sharma",
      "Kavya Sharma",
      "Rohan Sharma",
    ]);
    await eventually(() =>
      suggestions.getByRole("option", { name: /^Anika Sharma/ }).getAttribute("aria-selected"),
    ).toBe("true");
    await screenshot(page, "new-task-picker-desktop");
    await page.keyboard.press("ArrowDown");
    await eventually(() =>
      suggestions.getByRole("option", { name: /^Kavya Sharma/ }).getAttribute("aria-selected"),
    ).toBe("true");
    await page.keyboard.press("Enter");
    expect(await picker.inputValue()).toBe("Kavya Sharma");
    expect(await picker.getAttribute("aria-expanded")).toBe("false");
    expect(await dialog.isVisible()).toBe(true);

    // With the list closed, Enter submits the form.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    const item = taskItem(page, pickedTitle);
    await eventually(() => item.isVisible()).toBe(true);
    expect(await item.getByRole("link", { name: /Kavya Sharma/ }).isVisible()).toBe(true);

    // The edit dialog shows the linked customer; Escape closes it.
    const editButton = page.getByRole("button", { name: `Edit task “${pickedTitle}”` });
    await editButton.click();
    const editDialog = page.getByRole("dialog", { name: "Edit task" });
    const editPicker = editDialog.getByRole("combobox", { name: /Customer/ });
    await eventually(() => editPicker.inputValue()).toBe("Kavya Sharma");
    await page.keyboard.press("Escape");
    await editDialog.waitFor({ state: "hidden" });
    await eventually(() => isFocused(editButton)).toBe(true);

    // A past due time moves the task to Overdue; focus follows it there.
    await page.keyboard.press("Enter");
    await eventually(() => editDialog.getByLabel("Title", { exact: true }).inputValue()).toBe(pickedTitle);
    await editDialog.getByLabel("Due", { exact: true }).fill("2024-01-05T09:00");
    await editDialog.getByRole("button", { name: "Save changes" }).click();
    await editDialog.waitFor({ state: "hidden" });
    const overdue = page
      .locator("[data-slot=card]")
      .filter({ has: page.getByRole("heading", { name: /^Overdue/ }) });
    await eventually(() => taskItem(overdue, pickedTitle).isVisible()).toBe(true);
    expect(await taskItem(overdue, pickedTitle).innerText()).toContain("Overdue · 5 Jan 2024, 09:00");
    await eventually(() => isFocused(editButton)).toBe(true);

    await page.goto(customerUrl("Kavya Sharma"));
    await eventually(() => taskItem(page, pickedTitle).isVisible()).toBe(true);
  });

  it("exports the whole list and the selection as CSV with the visible columns", async () => {
    await page.goto(listUrl());
    await eventually(() => tableNames(page)).toHaveLength(people.length);

    // Show Company, hide Last activity.
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Company" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Last activity" }).click();
    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("columnheader", { name: "Company", exact: true }).isVisible()).toBe(
      true,
    );
    expect(await page.getByRole("columnheader", { name: "Last activity", exact: true }).count()).toBe(0);
    const header = ["Name", "Email", "Phone", "Company", "Tags", "Lifecycle Stage"];

    // The whole (searched) list from the header's menu.
    await page.getByRole("searchbox", { name: "Search customers" }).fill("Sharma");
    await eventually(() => tableNames(page)).toHaveLength(3);
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await eventually(() => page.getByText("All 3 matching, visible columns").isVisible()).toBe(true);
    const [all] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "CSV (.csv)" }).click(),
    ]);
    const allRows = parse(await downloadedText(all)) as string[][];
    expect(allRows[0]).toEqual(header);
    expect(
      allRows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["Anika Sharma", "Kavya Sharma", "Rohan Sharma"]);

    // The selection from the bulk bar's menu.
    await page.getByRole("searchbox", { name: "Search customers" }).fill("");
    await eventually(() => tableNames(page)).toHaveLength(people.length);
    await page.getByRole("checkbox", { name: "Select Rohan Sharma" }).click();
    await page.getByRole("checkbox", { name: "Select Isha Kapoor" }).click();
    const bar = page.getByRole("region", { name: "Selection" });
    await eventually(() => bar.getByText("2 selected").isVisible()).toBe(true);
    await bar.getByRole("button", { name: "Export", exact: true }).click();
    await eventually(() => page.getByText("2 selected, visible columns").isVisible()).toBe(true);
    await screenshot(page, "export-selection-menu-desktop");
    const [selection] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "CSV (.csv)" }).click(),
    ]);
    expect(selection.suggestedFilename()).toMatch(/^customers-.+\.csv$/);
    const rows = parse(await downloadedText(selection)) as string[][];
    expect(rows[0]).toEqual(header);
    expect(rows).toHaveLength(3);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byName.keys()].sort()).toEqual(["Isha Kapoor", "Rohan Sharma"]);
    // Phones start with "+", so the export prefixes them with ' (spreadsheets never run a cell as a formula).
    expect(byName.get("Isha Kapoor")).toEqual([
      "Isha Kapoor",
      "isha@example.com",
      "'+919845055555",
      "Kapoor Textiles",
      "vip, wholesale",
      "customer",
    ]);
    expect(byName.get("Rohan Sharma")).toEqual([
      "Rohan Sharma",
      "rohan@example.com",
      "'+919845022222",
      "",
      "",
      "prospect",
    ]);
  });

  it("saves the current view from the Views menu, and sorts from the phone's sort menu", async () => {
    await page.goto(`${listUrl()}?sort=name&dir=asc`);
    await eventually(() => tableNames(page)).toHaveLength(people.length);
    const views = page.getByRole("button", { name: "Views" });
    expect(await views.getAttribute("aria-haspopup")).toBe("menu");
    // The menu's code loads when first opened; Enter opens it with focus inside.
    await views.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Save current view…" }).click();
    const dialog = page.getByRole("dialog", { name: "Save view" });
    await dialog.getByLabel("Name").fill(`By name ${run}`);
    await dialog.getByRole("button", { name: "Save view" }).click();
    await eventually(() => page.getByRole("button", { name: `By name ${run}` }).isVisible()).toBe(true);

    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(listUrl());
    const sortButton = phone.getByRole("button", { name: /^Created ↓$/ });
    await sortButton.waitFor({ timeout: 15_000 });
    await sortButton.click();
    await phone.getByRole("menuitem", { name: "Name" }).click();
    await eventually(() => urlParams(phone).get("sort")).toBe("name");
    await eventually(() => phone.getByRole("button", { name: /^Name ↑$/ }).isVisible()).toBe(true);
    await phone.close();
  });

  it("fits a 360 px phone: the list with the bulk bar, the dialogs and My tasks", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });

    await phone.goto(listUrl());
    const select = phone.getByRole("checkbox", { name: "Select Anika Sharma" });
    await select.waitFor({ timeout: 15_000 });
    // The cards are in the HTML before the page's script runs; a box ticked before then is not yet a
    // selection, so wait for the scripts to have loaded.
    await phone.waitForLoadState("networkidle");
    await select.click();
    await phone.getByRole("checkbox", { name: "Select Isha Kapoor" }).click();
    const bar = phone.getByRole("region", { name: "Selection" });
    await eventually(() => bar.getByText("2 selected").isVisible()).toBe(true);
    await expectNoSidewaysScroll(phone);
    for (const button of await bar.getByRole("button").all()) {
      const b = await button.boundingBox();
      expect(b).not.toBeNull();
      expect(b!.x + b!.width).toBeLessThanOrEqual(360);
    }
    await screenshot(phone, "bulk-bar-phone");
    await bar.getByRole("button", { name: "Export", exact: true }).click();
    const exportMenu = phone.getByRole("menu");
    await eventually(() => exportMenu.getByText("2 selected, visible columns").isVisible()).toBe(true);
    const menuBox = await exportMenu.boundingBox();
    expect(menuBox!.x).toBeGreaterThanOrEqual(0);
    expect(menuBox!.x + menuBox!.width).toBeLessThanOrEqual(360);
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, "export-selection-menu-phone");
    await phone.keyboard.press("Escape");
    await exportMenu.waitFor({ state: "hidden" });

    const bulk = await openBulkTaskDialogWithKeyboard(phone);
    await eventually(() => isFocused(bulk.getByLabel("Title", { exact: true }))).toBe(true);
    await expectNoSidewaysScroll(phone);
    await expectDialogButtonsReachable(phone, bulk);
    await screenshot(phone, "bulk-task-dialog-phone");
    // A field error shows in the dialog without widening it.
    await bulk.getByRole("button", { name: "Create 2 tasks" }).click();
    await eventually(() => bulk.getByText("Give the task a title.").isVisible()).toBe(true);
    await expectNoSidewaysScroll(phone);
    await expectDialogButtonsReachable(phone, bulk);
    await phone.keyboard.press("Escape");
    await bulk.waitFor({ state: "hidden" });

    await phone.goto(customerUrl("Anika Sharma"));
    await phone.getByRole("button", { name: `Edit task “${editedTitle}”` }).click();
    const edit = phone.getByRole("dialog", { name: "Edit task" });
    await eventually(() => edit.getByLabel("Title", { exact: true }).inputValue()).toBe(editedTitle);
    await expectNoSidewaysScroll(phone);
    await expectDialogButtonsReachable(phone, edit);
    await screenshot(phone, "edit-task-dialog-phone");
    await phone.keyboard.press("Escape");
    await edit.waitFor({ state: "hidden" });

    await phone.goto(`${baseUrl}/b/${slug}/tasks`);
    await eventually(() => taskItem(phone, pickedTitle).isVisible()).toBe(true);
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, "my-tasks-phone");
    await phone.getByRole("button", { name: "New task" }).click();
    const create = phone.getByRole("dialog", { name: "New task" });
    await create.waitFor();
    await expectNoSidewaysScroll(phone);
    await expectDialogButtonsReachable(phone, create);
    const picker = create.getByRole("combobox", { name: /Customer/ });
    await picker.focus();
    await phone.keyboard.type("Sharma");
    await eventually(() =>
      create.getByRole("listbox", { name: "Customers" }).getByRole("option").count(),
    ).toBe(3);
    await expectNoSidewaysScroll(phone);
    await screenshot(phone, "new-task-picker-phone");
    // Escape closes the suggestions first, then the dialog.
    await phone.keyboard.press("Escape");
    await eventually(() => picker.getAttribute("aria-expanded")).toBe("false");
    expect(await create.isVisible()).toBe(true);
    await expectDialogButtonsReachable(phone, create);
    await phone.keyboard.press("Escape");
    await create.waitFor({ state: "hidden" });
    await phone.close();
  });
});
