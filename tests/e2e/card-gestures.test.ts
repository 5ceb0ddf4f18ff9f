import { randomUUID } from "node:crypto";
import type { CDPSession, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import { businessIdOf, createBusiness, createCustomers, signUpVerifyAndSignIn } from "./helpers";

/**
 * The customers list's cards on a 360 px phone, touched as a finger does (Chromium's touch input through
 * the DevTools protocol, which the page receives as touch pointer events): swipe a card left to show
 * Select and Delete, swipe back or tap to put it back, delete from the tray with Undo on the toast,
 * long-press to select, and a vertical drag stays a scroll. Against a production build.
 */

const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
const owner = { name: "Meera Pillai", email: `meera-${run}@example.com`, password: "a long gesture secret" };
const people = [
  { name: "Asha Rao", phone: "98450 10101", lifecycleStage: "customer" },
  { name: "Vikram Singh", phone: "98450 20202", lifecycleStage: "lead" },
  { name: "Neha Joshi", email: "neha@example.com", lifecycleStage: "prospect" },
];

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let cdp: CDPSession;
let slug = "";

beforeAll(async () => {
  browser = await openBrowser();
  const setup = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, setup, owner);
  slug = await createBusiness(setup, {
    name: `Pillai Clinic ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  await createCustomers(setup, baseUrl, await businessIdOf(setup, baseUrl, slug), people);
  await setup.close();

  page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  cdp = await browser.context.newCDPSession(page);
  // A phone's user agent, so the server renders the phone layout (cards) from the first paint.
  await cdp.send("Emulation.setUserAgentOverride", {
    userAgent:
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  });
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 5 });
  await page.goto(`${baseUrl}/b/${slug}/customers`);
  await page.getByRole("checkbox", { name: "Select Asha Rao" }).waitFor({ timeout: 15_000 });
  // Gestures need the page's script: wait for it to have loaded.
  await page.waitForLoadState("networkidle");
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The card (list item) of one customer. */
const card = (name: string): Locator =>
  page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });

/** A finger put down at `x, y`, moved by `dx, dy` in `steps` moves 16 ms apart, then lifted. */
async function drag(x: number, y: number, dx: number, dy: number, steps = 10): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: [{ x: x + (dx * i) / steps, y: y + (dy * i) / steps }],
    });
    await sleep(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/** The card's box, scrolled to the middle of the screen (clear of the bottom navigation bar). */
async function cardBox(name: string): Promise<{ x: number; y: number; width: number; height: number }> {
  await card(name).evaluate((el) => el.scrollIntoView({ block: "center" }));
  return (await card(name).boundingBox())!;
}

/** Swipes a customer's card horizontally by `dx` from near its right edge (left when negative). */
async function swipe(name: string, dx: number): Promise<void> {
  const box = await cardBox(name);
  const y = box.y + 24;
  const x = dx < 0 ? box.x + box.width - 20 : box.x + 20;
  await drag(x, y, dx, 0);
  await sleep(300); // the card settles (200 ms transition)
}

/** Whether the element at viewport point `x, y` belongs to the card of the customer `name`. */
async function pointIsOnCard(x: number, y: number, name: string): Promise<boolean> {
  return page.evaluate(
    ([px, py, who]) => {
      const li = document.elementFromPoint(px, py)?.closest("li");
      return [...(li?.querySelectorAll("a") ?? [])].some((a) => a.textContent?.trim() === who);
    },
    [x, y, name] as const,
  );
}

/** Where the customer's name link sits horizontally (it moves with the card). */
async function nameX(name: string): Promise<number> {
  return (await page.getByRole("link", { name, exact: true }).boundingBox())!.x;
}

async function eventually<T>(read: () => Promise<T>, expected: T, timeout = 10_000): Promise<void> {
  const until = Date.now() + timeout;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
    await sleep(100);
    last = await read();
  }
  expect(last).toEqual(expected);
}

describe("customer cards on a phone", () => {
  it("swipe left shows Select and Delete, swipe right puts the card back, a tap closes it", async () => {
    const asha = card("Asha Rao");
    // Closed, the tray is out of the accessibility tree (inert).
    expect(await asha.getByRole("button", { name: "Delete" }).count()).toBe(0);
    const restX = await nameX("Asha Rao");

    await swipe("Asha Rao", -200);
    await eventually(() => asha.getByRole("button", { name: "Delete" }).isVisible(), true);
    expect(await asha.getByRole("button", { name: "Select" }).isVisible()).toBe(true);
    expect(restX - (await nameX("Asha Rao"))).toBeGreaterThanOrEqual(140);

    await swipe("Asha Rao", 200);
    await eventually(() => asha.getByRole("button", { name: "Delete" }).count(), 0);
    expect(await nameX("Asha Rao")).toBe(restX);

    // Open again; a tap on the card closes it rather than opening the customer.
    await swipe("Asha Rao", -200);
    await eventually(() => asha.getByRole("button", { name: "Delete" }).count(), 1);
    const url = page.url();
    const box = await cardBox("Asha Rao");
    // The point must be on Asha's card when the finger lands (nothing above it moved since).
    expect(await pointIsOnCard(box.x + 40, box.y + 20, "Asha Rao")).toBe(true);
    await drag(box.x + 40, box.y + 20, 0, 0, 0);
    await eventually(() => asha.getByRole("button", { name: "Delete" }).count(), 0);
    expect(page.url()).toBe(url);
  });

  it("a vertical drag over a card is a scroll, not a swipe", async () => {
    const box = await cardBox("Vikram Singh");
    await drag(box.x + box.width - 20, box.y + 20, -30, 120);
    await sleep(300);
    expect(await card("Vikram Singh").getByRole("button", { name: "Delete" }).count()).toBe(0);
  });

  it("Delete in the tray moves the customer to the Trash, and Undo on the toast brings them back", async () => {
    await swipe("Vikram Singh", -200);
    const del = card("Vikram Singh").getByRole("button", { name: "Delete Vikram Singh", exact: true });
    await eventually(() => del.isVisible(), true);
    await del.click();
    const toast = page.getByText("Vikram Singh moved to the Trash");
    await toast.waitFor({ timeout: 10_000 });
    await eventually(() => card("Vikram Singh").count(), 0);
    await page.getByRole("button", { name: "Undo" }).click();
    await eventually(() => card("Vikram Singh").count(), 1);
    await page.getByText("Customer restored").waitFor({ timeout: 10_000 });
  });

  it("long-press selects a card; Select in the tray selects another", async () => {
    const url = page.url();
    const box = await cardBox("Neha Joshi");
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchStart",
      touchPoints: [{ x: box.x + box.width / 2, y: box.y + 20 }],
    });
    await sleep(700);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    const bar = page.getByRole("region", { name: "Selection" });
    await eventually(() => page.getByRole("checkbox", { name: "Select Neha Joshi" }).isChecked(), true);
    await eventually(() => bar.getByText("1 selected").isVisible(), true);
    // The click the browser sends when the finger lifts did not open the customer.
    expect(page.url()).toBe(url);

    await swipe("Asha Rao", -200);
    await card("Asha Rao").getByRole("button", { name: "Select" }).click();
    await eventually(() => page.getByRole("checkbox", { name: "Select Asha Rao" }).isChecked(), true);
    await eventually(() => bar.getByText("2 selected").isVisible(), true);
    // Selected, its tray offers Unselect.
    await swipe("Asha Rao", -200);
    await eventually(() => card("Asha Rao").getByRole("button", { name: "Unselect" }).isVisible(), true);
  });
});
