import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  createCustomers,
  eventually,
  linkFromMailbox,
  scrollingWidths,
  signUpVerifyAndSignIn,
} from "./helpers";

/**
 * Campaigns walked in Chromium against a production build: "Campaigns" sits after Segments in the
 * navigation and starts empty with a call to action; an email campaign for the tag vip is drafted with a
 * Markdown body, mostly from the keyboard; its review counts the audience, who gets the email and the
 * customer left out for having no email address; Send now asks first, saying how many will get it; the
 * progress bar follows the sending to the end, and the report shows the sent count and the recipients.
 * The new-campaign form at 360 px has no sideways scroll.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Meena Joshi", email: `meena-${run}@example.com`, password: "a long campaign secret" };
const campaignName = `VIP birthday greeting ${run}`;

const people = [
  { name: "Asha Rao", email: `asha-${run}@example.com`, tags: ["vip"] },
  { name: "Ravi Kumar", email: `ravi-${run}@example.com`, tags: ["vip"] },
  // In the audience, but no email address: left out.
  { name: "Kiran Patel", phone: "+91 98200 12345", tags: ["vip"] },
  // Not in the audience.
  { name: "Dev Anand", email: `dev-${run}@example.com`, tags: ["regular"] },
];

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";

beforeAll(async () => {
  browser = await openBrowser();
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Joshi Sweets ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  await createCustomers(page, baseUrl, await businessIdOf(page, baseUrl, slug), people);
});

afterAll(async () => {
  await browser?.close();
});

const campaignsUrl = () => `${baseUrl}/b/${slug}/campaigns`;

/** The number shown for one of the review's counts (`audience`, `email`, `whatsapp`). */
async function reviewCount(p: Page, which: string): Promise<string> {
  return (await p.locator(`[data-count="${which}"] dd`).innerText()).trim();
}

/** The campaign's status badge text. */
function statusOf(p: Page): Promise<string> {
  return p.getByTestId("campaign-status").innerText();
}

async function expectNoSidewaysScroll(p: Page) {
  const widths = await scrollingWidths(p);
  expect(widths.viewport).toBe(360);
  expect(widths.scroll).toBeLessThanOrEqual(360);
}

describe("campaigns in a browser", () => {
  it("starts empty, after Segments in the navigation", async () => {
    await page.goto(campaignsUrl());
    await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    const links = await nav.getByRole("link").allInnerTexts();
    expect(links.indexOf("Campaigns")).toBe(links.indexOf("Segments") + 1);
    expect(await nav.getByRole("link", { name: "Campaigns" }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("heading", { name: "No campaigns yet" }).waitFor();
  });

  it("drafts an email for tag vip with a Markdown body and reviews who gets it", async () => {
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.waitForURL(/\/campaigns\/new$/);
    await page.getByRole("heading", { name: "New campaign", level: 1 }).waitFor();

    await page.getByRole("textbox", { name: "Name" }).fill(campaignName);
    expect(await page.getByRole("radio", { name: /^Email/ }).isChecked()).toBe(true);
    // The audience by keyboard: focus the audience group's choice and move with the arrow keys.
    await page.getByRole("radio", { name: /^A saved segment/ }).focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: /^Customers with tags/ }).isChecked()).toBe(true);
    const tags = page.getByRole("textbox", { name: "Tags" });
    await tags.focus();
    await page.keyboard.type("vip");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Remove tag vip" }).waitFor();

    await page.getByRole("textbox", { name: "Subject" }).fill("Happy birthday, {{customer.firstName}}!");
    await page
      .getByRole("textbox", { name: "Body" })
      .fill("Hi {{customer.firstName}},\n\nA **sweet** gift waits for you in the shop.");
    expect(await page.getByRole("radio", { name: /^Send now/ }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Save draft and review" }).click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: campaignName, level: 1 }).waitFor();
    expect(await statusOf(page)).toBe("Draft");
    await eventually(() => reviewCount(page, "audience")).toBe("3");
    expect(await reviewCount(page, "email")).toBe("2");
    const leftOut = page.getByRole("list", { name: "Why customers are left out" });
    expect((await leftOut.innerText()).replace(/\s+/g, " ")).toContain("No address for the channel 1");
    expect(await page.getByRole("heading", { name: "Left out: 1 customer" }).count()).toBe(1);
  });

  it("sends now after a confirmation, follows the progress to the end, and reports", async () => {
    await page.getByRole("button", { name: "Send now" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("2 customers will get it.");
    await dialog.getByRole("button", { name: "Send now" }).click();
    await eventually(() => statusOf(page)).toMatch(/Sending|Sent/);

    // The page polls the stats every 2 s while sending; the bar fills and the status becomes Sent.
    const bar = page.getByRole("progressbar", { name: /Sending|Sent/ });
    await eventually(
      async () => [await bar.getAttribute("aria-valuenow"), await bar.getAttribute("aria-valuemax")],
      60_000,
    ).toEqual(["2", "2"]);
    await eventually(() => statusOf(page), 60_000).toBe("Sent");
    expect(await page.getByText("2 of 2 sent (100%)").count()).toBe(1);
    const report = page.getByRole("table", { name: "Report numbers" });
    await report.waitFor();
    const sentRow = report.locator('[data-step="sent"]');
    await eventually(async () => (await sentRow.innerText()).replace(/\s+/g, " ").trim()).toBe("Sent 2 100%");

    const recipients = page.getByRole("table", { name: "Recipients" });
    await recipients.waitFor();
    const names = await recipients.getByRole("link").allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(["Asha Rao", "Ravi Kumar", "Kiran Patel"]));
    expect((await recipients.innerText()).replace(/\s+/g, " ")).toContain("No address for the channel");
    // The list shows it with its sent count.
    await page.goto(campaignsUrl());
    const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: campaignName }) });
    expect((await row.innerText()).replace(/\s+/g, " ")).toMatch(/Sent .*Sent 2/);
  });

  it("puts the email on the customer's timeline; its unsubscribe link leaves her out of the next campaign", async () => {
    // The customer's timeline shows the message.
    await page.goto(`${baseUrl}/b/${slug}/customers?q=Asha`);
    await page.locator("table tbody a[href*='/customers/']", { hasText: "Asha Rao" }).first().click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await eventually(async () => (await page.locator("main").innerText()).replace(/\s+/g, " ")).toContain(
      `Email sent from the campaign ${campaignName}`,
    );

    // The email in the dev outbox carries her own unsubscribe link; the page unsubscribes with one press.
    const link = await linkFromMailbox(baseUrl, browser.context, people[0]!.email!, "/u/");
    const visitor = await browser.context.newPage();
    await visitor.goto(link);
    await visitor.getByRole("button", { name: "Unsubscribe" }).click();
    await visitor.getByText("You are unsubscribed").waitFor();
    await visitor.close();

    // A copy of the campaign now leaves her out as unsubscribed.
    await page.goto(campaignsUrl());
    await page.getByRole("link", { name: campaignName }).first().click();
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\/edit$/);
    await page.getByRole("button", { name: "Save and review" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await eventually(() => reviewCount(page, "email")).toBe("1");
    const leftOut = page.getByRole("list", { name: "Why customers are left out" });
    expect((await leftOut.innerText()).replace(/\s+/g, " ")).toContain("Consent denied or unsubscribed 1");
  });

  it("drafts an A/B test of two subjects and the review says who gets the test and who waits", async () => {
    await page.goto(`${campaignsUrl()}/new`);
    await page.getByRole("heading", { name: "New campaign", level: 1 }).waitFor();
    await page.getByRole("textbox", { name: "Name" }).fill(`Subject test ${run}`);
    await page.getByRole("radio", { name: /^Everyone reachable/ }).check();
    await page.getByRole("textbox", { name: "Subject", exact: true }).fill("Hello {{customer.firstName}}");
    await page.getByRole("textbox", { name: "Body" }).fill("Our new sweets are in.");
    await page.getByRole("checkbox", { name: "Test variants first (A/B test)" }).check();
    await page.getByRole("textbox", { name: "Subject of variant A" }).fill("New sweets are in");
    await page
      .getByRole("textbox", { name: "Subject of variant B" })
      .fill("{{customer.firstName}}, taste our new sweets");
    await page.getByRole("button", { name: "Save draft and review" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await eventually(async () => (await page.locator("main").innerText()).replace(/\s+/g, " ")).toMatch(
      /A\/B test: \d+ customers? get one of 2 variants/,
    );
  });

  it("fits the new-campaign form on a 360 px phone with no sideways scroll", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${campaignsUrl()}/new`);
    await page.getByRole("heading", { name: "New campaign", level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);
    // The bottom bar: Dashboard, Customers, Tasks, More; Campaigns is under More, marked as the current page.
    const bar = page.getByRole("navigation", { name: "Main" });
    const labels = (await bar.locator("li").allInnerTexts()).map((t) => t.trim());
    expect(labels).toEqual(["Dashboard", "Customers", "Tasks", "More"]);
    await bar.getByRole("button", { name: "More" }).click();
    const sheet = page.getByRole("dialog", { name: "More" });
    expect(await sheet.getByRole("link", { name: "Campaigns" }).getAttribute("aria-current")).toBe("page");
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "hidden" });
    // With every step open: WhatsApp with email fallback, tags, and a schedule.
    await page.getByRole("radio", { name: /^WhatsApp, email as fallback/ }).check();
    await page.getByRole("radio", { name: /^Customers with tags/ }).check();
    await page.getByRole("radio", { name: /^Schedule/ }).check();
    await page.getByLabel("Date", { exact: true }).waitFor();
    expect(await page.getByText("Asia/Kolkata (GMT+5:30)").count()).toBe(1);
    await expectNoSidewaysScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
