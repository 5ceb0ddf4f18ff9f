import type { BrowserContext, Page } from "playwright-core";

/** Opens the newest dev-outbox message to `to` and returns the link in it that contains `pathPart`. */
export async function linkFromMailbox(
  baseUrl: string,
  context: BrowserContext,
  to: string,
  pathPart: string,
): Promise<string> {
  const mailbox = await context.newPage();
  await mailbox.goto(`${baseUrl}/dev/mailbox`);
  await mailbox
    .getByRole("link", { name: new RegExp(to.replace(/[.+]/g, "\\$&")) })
    .first()
    .click();
  const link = mailbox.locator(`a[href*="${pathPart}"]`).first();
  await link.waitFor();
  const href = await link.getAttribute("href");
  await mailbox.close();
  if (!href) throw new Error(`no ${pathPart} link in the mail to ${to}`);
  return href;
}

/** Fills the sign-in form (keeping a prefilled email) and submits it. */
export async function signIn(p: Page, who: { email: string; password: string }) {
  const email = p.getByLabel("Email");
  if (!(await email.inputValue())) await email.fill(who.email);
  await p.getByLabel("Password", { exact: true }).fill(who.password);
  await p.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs up through the UI, verifies the address from the dev outbox and signs in (ends on /b/new). */
export async function signUpVerifyAndSignIn(
  baseUrl: string,
  context: BrowserContext,
  p: Page,
  who: { name: string; email: string; password: string },
) {
  await p.goto(`${baseUrl}/sign-up`);
  await p.getByLabel("Name").fill(who.name);
  await p.getByLabel("Email").fill(who.email);
  await p.getByLabel("Password", { exact: true }).fill(who.password);
  await p.getByRole("button", { name: "Create account" }).click();
  await p.waitForURL(/\/verify-email/);
  const verifyLink = await linkFromMailbox(baseUrl, context, who.email, "/verify-email/");
  await p.goto(verifyLink);
  await p.getByRole("link", { name: "Continue to sign in" }).click();
  await p.waitForURL(/\/sign-in/);
  await signIn(p, who);
  await p.waitForURL(/\/b\/new/);
}

/** Creates a business from /b/new and returns its slug once its dashboard shows. */
export async function createBusiness(
  p: Page,
  business: { name: string; country: string; timeZone: string; currency: string },
): Promise<string> {
  await p.getByLabel("Business name").fill(business.name);
  await p.getByLabel("Country").selectOption(business.country);
  await p.getByLabel("Time zone").selectOption(business.timeZone);
  await p.getByLabel("Currency").selectOption(business.currency);
  await p.getByRole("button", { name: "Create business" }).click();
  await p.waitForURL((url) => /^\/b\/[a-z0-9-]+$/.test(url.pathname) && url.pathname !== "/b/new");
  return new URL(p.url()).pathname.split("/")[2]!;
}

/** The page's document scroll width and client width (no horizontal scroll when scroll ≤ client). */
export async function pageWidths(p: Page): Promise<{ scroll: number; client: number }> {
  return p.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
}
