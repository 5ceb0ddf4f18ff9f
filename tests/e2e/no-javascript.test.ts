import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";

/**
 * Forms that carry a secret work without JavaScript, by POST: the password never lands in a URL, and
 * pages carry the security headers.
 */
const baseUrl = inject("baseUrl");
const run = randomUUID().slice(0, 6);
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser({ width: 360, height: 740 }, { javaScriptEnabled: false });
});
afterAll(async () => {
  await browser?.close();
});

describe("without JavaScript", () => {
  it("signs up by POST and lands on 'check your inbox', the password in no URL", async () => {
    const page = await browser.context.newPage();
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    const res = await page.goto(`${baseUrl}/sign-up`);
    expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
    const password = `no script secret ${run}`;
    await page.getByLabel("Name", { exact: true }).fill("Nadia Rahimi");
    await page.getByLabel("Email", { exact: true }).fill(`nadia-${run}@example.com`);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL(/\/verify-email/),
      page.getByRole("button", { name: /create/i }).click(),
    ]);
    expect(urls.some((u) => u.includes(encodeURIComponent(password)) || u.includes("password="))).toBe(false);
    expect(page.url()).toContain(encodeURIComponent(`nadia-${run}@example.com`));

    // The same address again: back on the form with the reason.
    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel("Name", { exact: true }).fill("Nadia Rahimi");
    await page.getByLabel("Email", { exact: true }).fill(`nadia-${run}@example.com`);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL(/\/sign-up\?/),
      page.getByRole("button", { name: /create/i }).click(),
    ]);
    await expect(page.getByRole("alert").first().textContent()).resolves.toMatch(/exists/);
    await page.close();
  });

  it("asks for a password reset by POST", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/forgot-password`);
    await page.getByLabel("Email", { exact: true }).fill(`nobody-${run}@example.com`);
    await Promise.all([
      page.waitForURL(/sent=/),
      page.getByRole("button", { name: "Send reset link" }).click(),
    ]);
    await expect(page.getByRole("status").first().textContent()).resolves.toMatch(/inbox/i);
    await page.close();
  });
  it("signs in by POST, and after too many wrong passwords says when to try again", async () => {
    const page = await browser.context.newPage();
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));
    const email = `guess-${run}@example.com`;
    const attempt = async (password: string) => {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: /^sign in$/i }).click(),
      ]);
      return (await page.getByRole("alert").first().textContent()) ?? "";
    };
    expect(await attempt("wrong guess 1")).toMatch(/Wrong email or password/);
    for (let i = 2; i <= 5; i++) await attempt(`wrong guess ${i}`);
    expect(await attempt("wrong guess 6")).toMatch(
      /Too many attempts\. Try again in \d+ (seconds|minutes)\./,
    );
    expect(
      urls.some((u) => u.includes("wrong%20guess") || u.includes("wrong+guess") || u.includes("password=")),
    ).toBe(false);
    await page.close();
  });
});
