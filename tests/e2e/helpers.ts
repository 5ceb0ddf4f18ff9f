import type { BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";

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

/**
 * Calls a tRPC procedure with the page's session (superjson envelope, no batching): a query as GET,
 * a mutation as POST. Output: the procedure's result. Errors: throws with the status and the server's
 * message.
 */
export async function trpcCall<T>(
  p: Page,
  baseUrl: string,
  path: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation",
): Promise<T> {
  const envelope = JSON.stringify({ json: input });
  const res =
    kind === "query"
      ? await p.request.get(`${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(envelope)}`)
      : await p.request.post(`${baseUrl}/api/trpc/${path}`, {
          data: envelope,
          headers: { "content-type": "application/json" },
        });
  const body = (await res.json()) as { result?: { data?: { json?: T } }; error?: { json?: unknown } };
  if (!res.ok() || !body.result?.data) {
    throw new Error(`${path} answered ${res.status()}: ${JSON.stringify(body.error ?? body)}`);
  }
  return body.result.data.json as T;
}

/** The id of the signed-in user's business with this slug. */
export async function businessIdOf(p: Page, baseUrl: string, slug: string): Promise<string> {
  const list = await trpcCall<{ id: string; slug: string }[]>(
    p,
    baseUrl,
    "business.list",
    undefined,
    "query",
  );
  const found = list.find((b) => b.slug === slug);
  if (!found) throw new Error(`no business ${slug} for this user`);
  return found.id;
}

/** Creates customers through `customers.create`, one call each; returns their ids by name. */
export async function createCustomers(
  p: Page,
  baseUrl: string,
  businessId: string,
  customers: { name: string; [field: string]: unknown }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const c of customers) {
    const created = await trpcCall<{ id: string }>(p, baseUrl, "customers.create", { businessId, ...c });
    ids.set(c.name, created.id);
  }
  return ids;
}

/** The scrolling element's scroll width and the viewport's width (no sideways page scroll when scroll ≤ viewport). */
export async function scrollingWidths(p: Page): Promise<{ scroll: number; viewport: number }> {
  return p.evaluate(() => ({
    scroll: (document.scrollingElement ?? document.documentElement).scrollWidth,
    viewport: window.innerWidth,
  }));
}

/**
 * Waits until `locator`'s element and its descendants have no running CSS animation (e.g. a sheet
 * sliding in), so a click lands on a control that stays where it was aimed.
 */
export async function animationsDone(locator: Locator): Promise<void> {
  await locator.waitFor();
  await locator.evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))),
  );
}

/** Polls `fn` until the assertion chained on it holds, for up to `timeout` ms (15 s by default). */
export function eventually<T>(fn: () => T | Promise<T>, timeout = 15_000) {
  return expect.poll(fn, { timeout });
}

/** Whether the element the locator finds has keyboard focus. */
export async function isFocused(l: Locator): Promise<boolean> {
  return l.evaluate((el) => el === document.activeElement);
}
