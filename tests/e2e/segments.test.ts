import { randomUUID } from "node:crypto";
import type { Locator, Page } from "playwright-core";
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
 * Segments walked in Chromium against a production build: "Segments" sits after Customers in the
 * navigation; the rule builder builds "tag vip AND (city is Pune OR birthday in the next 30 days)" mostly
 * from the keyboard (buttons, Tab and typing; the native field pickers are set with `selectOption`),
 * and the live count follows every finished row while an unfinished one is left out; a rule the server
 * refuses shows its error at its row; the segment saves and shows in the list with its count; its copy
 * is made and deleted from the row's menu; a taken name is refused at the name field (renaming, and
 * saving a new segment); the builder and the list at 360 px have no sideways scroll; the customers list's
 * filters become a new segment with the same customers ("Save as segment").
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Sana Kulkarni", email: `sana-${run}@example.com`, password: "a long segment secret" };
const segmentName = `VIPs near Pune ${run}`;

/** A calendar day `days` from today in Asia/Kolkata, as a birthday in 1992 (a leap year, so 29 Feb works). */
function birthdayIn(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(5, 10);
  return `1992-${day}`;
}

// Matches: Asha (vip, Pune), Bilal (vip, birthday in 10 days), Esha (vip, "pune" in other case).
const people = [
  { name: "Asha Rao", email: "asha@example.com", city: "Pune", tags: ["vip"] },
  {
    name: "Bilal Khan",
    email: "bilal@example.com",
    city: "Mumbai",
    tags: ["vip"],
    dateOfBirth: birthdayIn(10),
  },
  {
    name: "Chitra Iyer",
    email: "chitra@example.com",
    city: "Delhi",
    tags: ["vip"],
    dateOfBirth: birthdayIn(60),
  },
  {
    name: "Dev Patel",
    email: "dev@example.com",
    city: "Pune",
    tags: ["regular"],
    dateOfBirth: birthdayIn(5),
  },
  { name: "Esha Shah", email: "esha@example.com", city: "pune", tags: ["vip", "wholesale"] },
];

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Kulkarni Florists ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  await createCustomers(page, baseUrl, await businessIdOf(page, baseUrl, slug), people);
});

afterAll(async () => {
  await browser?.close();
});

const segmentsUrl = () => `${baseUrl}/b/${slug}/segments`;

/** Focuses a control and presses Enter, as a keyboard user would. */
async function press(l: Locator) {
  await l.focus();
  await page.keyboard.press("Enter");
}

/** The live count in the preview ("3 customers"), once no count is running. */
async function settledCount(p: Page): Promise<string> {
  const preview = p
    .locator("[data-slot=card]")
    .filter({ has: p.getByRole("heading", { name: "Who matches" }) });
  if ((await preview.getAttribute("aria-busy")) === "true") return "counting";
  return (await preview.locator("[aria-live]").innerText()).replace(/\s+/g, " ").trim();
}

/** The names in the preview's list of matching customers. */
function sampleNames(p: Page): Promise<string[]> {
  return p.getByRole("list", { name: "Matching customers" }).getByRole("link").allInnerTexts();
}

/** The segment's row in the list. */
function segmentRow(p: Page, name: string): Locator {
  return p.getByRole("listitem").filter({ has: p.getByRole("link", { name, exact: true }) });
}

async function expectNoSidewaysScroll(p: Page) {
  const widths = await scrollingWidths(p);
  expect(widths.viewport).toBe(360);
  expect(widths.scroll).toBeLessThanOrEqual(360);
}

describe("segments in a browser", () => {
  it("lists the built-in segments, after Customers in the navigation", async () => {
    await page.goto(segmentsUrl());
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allInnerTexts()).toEqual([
      "Dashboard",
      "Customers",
      "WhatsApp inbox",
      "Segments",
      "Campaigns",
      "Templates",
      "Forms",
      "Invoices",
      "Tasks",
      "Settings",
    ]);
    expect(await nav.getByRole("link", { name: "Segments" }).getAttribute("aria-current")).toBe("page");
    const birthdays = segmentRow(page, "Birthdays this month");
    await birthdays.waitFor();
    expect(await birthdays.innerText()).toContain("Built-in");
    await eventually(async () => (await segmentRow(page, "New").innerText()).includes("5 customers")).toBe(
      true,
    );
  });

  it("builds tag vip AND (city is Pune OR birthday in the next 30 days) and watches the count", async () => {
    await page.goto(segmentsUrl());
    await press(page.getByRole("link", { name: "New segment" }));
    await page.waitForURL(/\/segments\/new$/);
    const name = page.getByLabel("Name", { exact: true });
    await name.focus();
    await page.keyboard.type(segmentName);
    // With no conditions, every customer matches.
    await eventually(() => settledCount(page)).toBe("5 customers");

    // Condition 1: Tags has any of vip. Add condition puts focus on the new row's field picker.
    await press(page.getByRole("button", { name: "Add condition", exact: true }));
    const field1 = page.getByLabel("Condition 1: field");
    await eventually(() => isFocused(field1)).toBe(true);
    await field1.selectOption({ label: "Tags" });
    expect(await page.getByLabel("Condition 1: comparison").inputValue()).toBe("has_any");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await isFocused(page.getByLabel("Condition 1: value"))).toBe(true);
    await page.keyboard.type("vip");
    await page.keyboard.press("Enter");
    expect(page.url()).toMatch(/\/segments\/new$/);
    await eventually(() => settledCount(page)).toBe("4 customers");

    // Group 2 (Any): City is Pune.
    await press(page.getByRole("button", { name: "Add group", exact: true }));
    const field21 = page.getByLabel("Condition 2.1: field");
    await eventually(() => isFocused(field21)).toBe(true);
    const group = page.getByRole("group", { name: "Group 2" });
    expect(await group.getByRole("radio", { name: "Any" }).isChecked()).toBe(true);
    await field21.selectOption({ label: "City" });
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Pune");
    await eventually(() => settledCount(page)).toBe("2 customers");
    await eventually(() => sampleNames(page)).toEqual(["Esha Shah", "Asha Rao"]);

    // OR Birthday in the next 30 days: left out until it has its number of days.
    await press(group.getByRole("button", { name: "Add condition to group 2" }));
    const field22 = page.getByLabel("Condition 2.2: field");
    await eventually(() => isFocused(field22)).toBe(true);
    await field22.selectOption({ label: "Birthday" });
    expect(await page.getByLabel("Condition 2.2: comparison").inputValue()).toBe("in_next_days");
    await page.waitForTimeout(500);
    await eventually(() => settledCount(page)).toBe("2 customers");
    expect(await page.getByText("Unfinished conditions are left out of the count.").isVisible()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("30");
    await eventually(() => settledCount(page)).toBe("3 customers");
    await eventually(() => sampleNames(page)).toEqual(["Esha Shah", "Bilal Khan", "Asha Rao"]);

    // A range that ends before it starts: the server's error shows at its row, the last count stays.
    await press(page.getByRole("button", { name: "Add condition", exact: true }));
    const field3 = page.getByLabel("Condition 3: field");
    await eventually(() => isFocused(field3)).toBe(true);
    await field3.selectOption({ label: "Date added" });
    await page.getByLabel("Condition 3: comparison").selectOption({ label: "is between" });
    await page.getByLabel("Condition 3: value: from").fill("2030-02-01");
    await page.getByLabel("Condition 3: value: to").fill("2030-01-01");
    const rangeError = page.getByText("The range ends before it starts.");
    await eventually(() => rangeError.isVisible()).toBe(true);
    expect(await page.getByLabel("Condition 3: value: from").getAttribute("aria-invalid")).toBe("true");
    expect(await settledCount(page)).toBe("3 customers");
    expect(await page.getByText("Fix the marked condition to see who matches.").isVisible()).toBe(true);

    // Removing it puts focus on the group before it, and the count is back.
    await press(page.getByRole("button", { name: "Remove condition 3" }));
    await eventually(() => isFocused(group.getByRole("radio", { name: "Any" }))).toBe(true);
    await eventually(() => rangeError.count()).toBe(0);
    await eventually(() => settledCount(page)).toBe("3 customers");

    // Move up / down keep focus on the button pressed (or its pair at the edge).
    await press(page.getByRole("button", { name: "Move condition 2.2 up" }));
    await eventually(() => isFocused(page.getByRole("button", { name: "Move condition 2.1 down" }))).toBe(
      true,
    );
    expect(await page.getByLabel("Condition 2.1: field").inputValue()).toBe("dateOfBirth");
    await page.keyboard.press("Enter");
    await eventually(() => page.getByLabel("Condition 2.1: field").inputValue()).toBe("city");

    await press(page.getByRole("button", { name: "Save segment" }));
    await page.waitForURL(/\/segments$/);
    const row = segmentRow(page, segmentName);
    await row.waitFor();
    await eventually(async () => (await row.innerText()).includes("3 customers")).toBe(true);
    const viewCustomers = row.getByRole("link", { name: `View customers in ${segmentName}` });
    const editHref = await row.getByRole("link", { name: segmentName, exact: true }).getAttribute("href");
    const segmentId = editHref?.split("/").pop();
    expect(await viewCustomers.getAttribute("href")).toBe(`/b/${slug}/customers?segment=${segmentId}`);

    // Opened again, the builder shows the rules as saved.
    await page.goto(`${baseUrl}${editHref}`);
    await eventually(() => page.getByLabel("Condition 2.2: value").inputValue()).toBe("30");
    expect(await page.getByLabel("Condition 1: comparison").inputValue()).toBe("has_any");
    expect(
      await page.getByRole("group", { name: "Group 2" }).getByRole("radio", { name: "Any" }).isChecked(),
    ).toBe(true);
    await eventually(() => settledCount(page)).toBe("3 customers");
  });

  it("duplicates the segment from its menu, refuses a taken name, and deletes the copy", async () => {
    await page.goto(segmentsUrl());
    const copyName = `${segmentName} (copy)`;
    const menuButton = page.getByRole("button", { name: `More actions for ${segmentName}` });
    await press(menuButton);
    await page.getByRole("menu").waitFor();
    await page.getByRole("menuitem", { name: "Duplicate" }).click();
    const copy = segmentRow(page, copyName);
    await copy.waitFor();
    await eventually(async () => (await copy.innerText()).includes("3 customers")).toBe(true);
    await eventually(() => page.getByText(`Copied as “${copyName}”`).isVisible()).toBe(true);

    // Renaming the copy to the original's name is refused at the name field.
    await press(page.getByRole("button", { name: `More actions for ${copyName}` }));
    await page.getByRole("menuitem", { name: "Rename…" }).click();
    const rename = page.getByRole("dialog", { name: "Rename segment" });
    const renameName = rename.getByLabel("Name");
    await renameName.fill(segmentName.toUpperCase());
    await page.keyboard.press("Enter");
    await eventually(() => rename.getByText("A segment with this name exists.").isVisible()).toBe(true);
    expect(await renameName.getAttribute("aria-invalid")).toBe("true");
    await page.keyboard.press("Escape");
    await rename.waitFor({ state: "hidden" });

    // Delete the copy after confirming; focus goes to the list.
    const copyMenu = page.getByRole("button", { name: `More actions for ${copyName}` });
    await eventually(() => isFocused(copyMenu)).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Delete…" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Delete the segment “${copyName}”?` });
    await confirm.getByRole("button", { name: "Delete segment" }).click();
    await confirm.waitFor({ state: "hidden" });
    await eventually(() => copy.count()).toBe(0);
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe("segments");
    expect(await segmentRow(page, segmentName).count()).toBe(1);
  });

  it("fits a 360 px phone with no sideways scroll, rows stacked", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(segmentsUrl());
    await segmentRow(page, segmentName).waitFor();
    await expectNoSidewaysScroll(page);

    await segmentRow(page, segmentName).getByRole("link", { name: segmentName, exact: true }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    await eventually(() => page.getByLabel("Condition 2.2: value").inputValue()).toBe("30");
    // The widest row: a date range inside the group.
    await press(page.getByRole("button", { name: "Add condition to group 2" }));
    await page.getByLabel("Condition 2.3: field").selectOption({ label: "Date added" });
    await page.getByLabel("Condition 2.3: comparison").selectOption({ label: "is between" });
    await expectNoSidewaysScroll(page);
    const field = await page.getByLabel("Condition 2.3: field").boundingBox();
    const op = await page.getByLabel("Condition 2.3: comparison").boundingBox();
    expect(op!.y).toBeGreaterThan(field!.y + field!.height - 1);
    for (const control of [
      page.getByLabel("Condition 2.3: value: to"),
      page.getByRole("button", { name: "Remove condition 2.3" }),
      page.getByRole("button", { name: "Save changes" }),
    ]) {
      await control.scrollIntoViewIfNeeded();
      const box = await control.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    }

    // A new segment under a name the business already uses: the error shows at the name, with focus.
    await page.goto(`${segmentsUrl()}/new`);
    await page.getByRole("button", { name: "Add condition", exact: true }).click();
    await expectNoSidewaysScroll(page);
    await page.getByRole("button", { name: "Remove condition 1" }).click();
    const name = page.getByLabel("Name", { exact: true });
    await name.fill(segmentName.toLowerCase());
    await press(page.getByRole("button", { name: "Save segment" }));
    await eventually(() => page.getByText("A segment with this name exists.").isVisible()).toBe(true);
    await eventually(() => isFocused(name)).toBe(true);
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).toMatch(/\/segments\/new$/);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("saves the customers list's filters as a segment with the same customers", async () => {
    const filter = encodeURIComponent(JSON.stringify({ tags: { any: ["vip"] }, hasEmail: true }));
    await page.goto(`${baseUrl}/b/${slug}/customers?filter=${filter}&q=a`);
    const save = page.getByRole("link", { name: "Save as segment" });
    await save.waitFor();
    await press(save);
    await page.getByRole("heading", { name: "New segment", level: 1 }).waitFor();
    expect(await page.getByText("Started from the customers list's filters").isVisible()).toBe(true);
    expect(await page.getByText("it leaves out the search words").isVisible()).toBe(true);
    // vip with an email: Asha, Bilal, Chitra, Esha (the search word is not part of a segment).
    await eventually(() => settledCount(page)).toBe("4 customers");
    expect((await sampleNames(page)).sort()).toEqual(["Asha Rao", "Bilal Khan", "Chitra Iyer", "Esha Shah"]);
    await page.getByLabel("Name", { exact: true }).fill(`From the list ${run}`);
    await press(page.getByRole("button", { name: "Save segment" }));
    await segmentRow(page, `From the list ${run}`).waitFor();
  });
});
