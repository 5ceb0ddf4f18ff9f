import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openBrowser } from "./browser";
import {
  businessIdOf,
  createBusiness,
  createCustomers,
  scrollingWidths,
  signUpVerifyAndSignIn,
  trpcCall,
} from "./helpers";

/**
 * Invoices in Chromium at 360×740 against a production build: from a customer's page, a new invoice with
 * two lines (18% GST), saved as a draft, issued (number, CGST + SGST), then paid in full by UPI; the
 * customer's page lists it as Paid and the list filters it. No sideways scroll on any of these pages.
 */

const baseUrl = inject("baseUrl");
const fakeRazorpay = inject("fakeRazorpay");
const fakeStripe = inject("fakeStripe");
const run = randomUUID().slice(0, 6);
const owner = { name: "Dr Meera Rao", email: `meera-${run}@example.com`, password: "a long clinic secret" };

let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let slug = "";
let customerId = "";

beforeAll(async () => {
  browser = await openBrowser({ width: 360, height: 740 });
  page = await browser.context.newPage();
  await signUpVerifyAndSignIn(baseUrl, browser.context, page, owner);
  slug = await createBusiness(page, {
    name: `Rao Clinic ${run}`,
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
  });
  const businessId = await businessIdOf(page, baseUrl, slug);
  const ids = await createCustomers(page, baseUrl, businessId, [
    { name: "Priya Sharma", email: "priya@example.com", state: "Karnataka" },
  ]);
  customerId = ids.get("Priya Sharma")!;
});

afterAll(async () => {
  await browser?.close();
});

const shotsDir = process.env.E2E_SCREENSHOTS_DIR;
/** A full-page screenshot when E2E_SCREENSHOTS_DIR is set (for looking at the pages, not asserted). */
async function screenshot(name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true, animations: "disabled" });
}

/** A 1×1 red PNG. */
function redPng(): Buffer {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
    "base64",
  );
}

async function noSidewaysScroll() {
  const w = await scrollingWidths(page);
  expect(w.scroll).toBeLessThanOrEqual(w.viewport);
}

describe("invoices in a browser at 360 px", () => {
  it("sets up billing: a GSTIN with a wrong check character is refused at its field", async () => {
    await page.goto(`${baseUrl}/b/${slug}/settings/billing`);
    await page.getByLabel("Legal name").fill("Rao Clinic LLP");
    await page.getByLabel("GSTIN").fill("29AAGCB7383J1Z5");
    await page.getByLabel("UPI id").fill("raoclinic@okhdfcbank");
    await page.getByRole("button", { name: "Save billing settings" }).click();
    await page.getByText(/check character is wrong/).waitFor();
    await page.getByLabel("GSTIN").fill("29AAGCB7383J1Z4");
    await page.getByRole("button", { name: "Save billing settings" }).click();
    await page.getByText("Billing settings saved.").waitFor();
    await noSidewaysScroll();
    await page.reload();
    expect(await page.getByLabel("GSTIN").inputValue()).toBe("29AAGCB7383J1Z4");

    // A logo for the PDFs: a text file is refused at the field, a PNG is shown back.
    await page
      .getByLabel("Image")
      .setInputFiles({ name: "logo.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await page.getByRole("button", { name: "Save logo" }).click();
    await page.getByText("The logo must be a PNG or JPEG image.").first().waitFor();
    await page
      .getByLabel("Image")
      .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: redPng() });
    await page.getByRole("button", { name: "Save logo" }).click();
    await page.getByRole("img", { name: "Your logo" }).waitFor();
    await noSidewaysScroll();
  });

  it("bills a customer from her page: draft, issue, pay by UPI, see it Paid", async () => {
    await page.goto(`${baseUrl}/b/${slug}/customers/${customerId}`);
    await page.getByRole("link", { name: "New invoice" }).click();
    await page.getByRole("heading", { name: "New invoice" }).waitFor();
    await noSidewaysScroll();
    // The customer comes from her page.
    expect(await page.getByRole("combobox", { name: "Customer" }).inputValue()).toBe("Priya Sharma");

    const line1 = page.getByRole("listitem", { name: "Line 1" });
    await line1.getByLabel("Description").fill("Consultation");
    await line1.getByLabel("HSN/SAC").fill("999312");
    await line1.getByLabel("Price (INR)").fill("1000");
    await page.getByRole("button", { name: "Add line" }).click();
    const line2 = page.getByRole("listitem", { name: "Line 2" });
    await line2.getByLabel("Description").fill("Blood test");
    await line2.getByLabel("Price (INR)").fill("500");
    await expectText(page.getByLabel("Totals"), /Total\s*₹1,770\.00/);

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Invoice draft" }).waitFor();

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Issue" }).click();
    const number = page.getByRole("heading", { name: /^INV\/\d{4}-\d{2}\/0001$/ });
    await number.waitFor();
    // The customer's link: the invoice at 360 px with a UPI pay button, no sign-in.
    const link = page.getByRole("link", { name: /\/i\/[\w-]+$/ });
    await link.waitFor();
    const publicUrl = (await link.getAttribute("href"))!;
    const visitor = await openBrowser({ width: 360, height: 740 });
    const pub = await visitor.context.newPage();
    await pub.goto(publicUrl);
    await pub.getByText("Amount due: ₹1,770.00").waitFor();
    const upi = pub.getByRole("link", { name: "Pay ₹1,770.00 by UPI" });
    expect(await upi.getAttribute("href")).toMatch(
      /^upi:\/\/pay\?pa=raoclinic%40okhdfcbank&pn=Rao\+Clinic\+LLP&am=1770\.00&cu=INR&tn=INV/,
    );
    await pub.getByText("One Thousand Seven Hundred Seventy Rupees Only", { exact: false }).waitFor();
    expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Its PDF, from the production server: fonts load, the amount and the number are in it.
    const pdfHref = await pub.getByRole("link", { name: "Download PDF" }).getAttribute("href");
    const pdf = await fetch(new URL(pdfHref!, publicUrl));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(
      /^attachment; filename="INV-\d{4}-\d{2}-0001\.pdf"/,
    );
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // The member's PDF button opens the same document (signed-in session).
    const pdfButton = page.getByRole("link", { name: "PDF", exact: true });
    const memberPdf = await page.request.get(
      new URL((await pdfButton.getAttribute("href"))!, baseUrl).toString(),
    );
    expect(memberPdf.status()).toBe(200);
    expect(memberPdf.headers()["content-type"]).toBe("application/pdf");
    await expectText(page.locator("main"), /CGST 9%\s*₹135\.00[\s\S]*SGST 9%\s*₹135\.00/);
    await noSidewaysScroll();

    // Emailed to her with the PDF attached; the page says when.
    const send = page.getByRole("form", { name: "Email the invoice" });
    await send.getByLabel("Message (optional)").fill("Thank you for visiting the clinic.");
    await send.getByRole("button", { name: "Email", exact: true }).click();
    await page.getByText("Emailed to priya@example.com.").waitFor();
    await page.getByText(/^Last emailed /).waitFor();
    await screenshot("invoice-detail-phone");
    expect(await send.getByRole("link", { name: "Share on WhatsApp" }).getAttribute("href")).toMatch(
      /^https:\/\/wa\.me\/\?text=Invoice%20INV%2F/,
    );

    const form = page.getByRole("form", { name: "Record a payment" });
    expect(await form.getByLabel("Amount (INR)").inputValue()).toBe("1770.00");
    await form.getByLabel("Reference").fill("UPI 4021 7788");
    await form.getByRole("button", { name: "Record payment" }).click();
    await page.getByText("Paid", { exact: true }).first().waitFor();
    await page.getByText(/UPI · UPI 4021 7788/).waitFor();
    await pub.reload();
    await pub.getByText("Paid", { exact: true }).first().waitFor();
    expect(await pub.getByRole("link", { name: /by UPI/ }).count()).toBe(0);
    await visitor.close();
    expect((await fetch(`${baseUrl}/i/${"x".repeat(32)}`)).status).toBe(404);

    await page.goto(`${baseUrl}/b/${slug}/customers/${customerId}`);
    const card = page
      .getByRole("heading", { name: "Invoices" })
      .locator("xpath=ancestor::*[@data-slot='card'][1]");
    await expectText(card, /INV\/\d{4}-\d{2}\/0001[\s\S]*₹1,770\.00[\s\S]*Paid/);
    // What she has bought, once the invoice is paid.
    await expectText(card.getByLabel("Purchases"), /Total spent\s*₹1,770\.00[\s\S]*Orders\s*1/);
    // The payment is on her timeline.
    await page
      .getByText(/₹1,770\.00 received/)
      .first()
      .waitFor();

    await page.goto(`${baseUrl}/b/${slug}/invoices`);
    await page.getByLabel("Status").selectOption("paid");
    await page.getByRole("link", { name: /^INV\// }).waitFor();
    await noSidewaysScroll();
  });
});

describe("recurring invoices at 360 px", () => {
  it("sets up a monthly membership from the customer's page; it lists with its next date and pauses", async () => {
    await page.goto(`${baseUrl}/b/${slug}/customers/${customerId}`);
    await page.getByRole("link", { name: "Recurring" }).click();
    await page.getByRole("heading", { name: "New recurring invoice" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Customer" }).inputValue()).toBe("Priya Sharma");
    await noSidewaysScroll();
    const line1 = page.getByRole("listitem", { name: "Line 1" });
    await line1.getByLabel("Description").fill("Physiotherapy, 4 sessions");
    await line1.getByLabel("Price (INR)").fill("4000");
    await expectText(page.getByLabel("Totals"), /Total\s*₹4,720\.00/);
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByText("Name the profile, e.g. Monthly membership.").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Monthly physiotherapy plan");
    await page.getByLabel("Day of the month").fill("31");
    await page.getByLabel("Ends").selectOption("count");
    await page.getByLabel("Number of invoices").fill("6");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/invoices\/recurring$/);
    const item = page.getByRole("listitem").filter({ hasText: "Monthly physiotherapy plan" });
    await expectText(item, /Priya Sharma · ₹4,720\.00 · Every month on the 31st \(or the month's last day\)/);
    await expectText(item, /Next: /);
    await noSidewaysScroll();
    await screenshot("recurring-list-phone");
    await item.getByRole("button", { name: "Pause" }).click();
    await item.getByText("Paused", { exact: true }).waitFor();
    await item.getByRole("button", { name: "Resume" }).click();
    await item.getByText("Active", { exact: true }).waitFor();
  });
});

describe("importing purchases at 360 px", () => {
  it("imports a POS export: orders land on the customer, refused rows are listed with why", async () => {
    await page.goto(`${baseUrl}/b/${slug}/invoices`);
    await page.getByRole("link", { name: "Import purchases" }).click();
    await page.getByRole("heading", { name: "Import purchases" }).waitFor();
    await noSidewaysScroll();
    await page.getByLabel("File").setInputFiles({
      name: "till-export.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        'Bill No,Customer Email,Bill Date,Items,Grand Total\nT-1,priya@example.com,01/12/2026,Hair spa x2; Shampoo,"2,450.00"\nT-2,someone@example.com,01/12/2026,Haircut,350\n',
      ),
    });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const summary = page.getByLabel("Import summary");
    await expectText(summary, /New orders\s*1[\s\S]*Not imported\s*1/);
    await page.getByText(/No customer with someone@example\.com/).waitFor();
    await screenshot("purchases-import-phone");
    await noSidewaysScroll();
    await page.goto(`${baseUrl}/b/${slug}/customers/${customerId}`);
    const card = page.getByLabel("Purchases");
    await expectText(card, /Orders\s*2/);
  });
});

describe("the catalog at 360 px", () => {
  it("adds a product, imports more from a spreadsheet, and archives one", async () => {
    await page.goto(`${baseUrl}/b/${slug}/invoices`);
    await page.getByRole("link", { name: "Products" }).click();
    await page.getByRole("heading", { name: "Products and services" }).waitFor();
    await page.getByText("No products yet").waitFor();
    await page.getByRole("button", { name: "New product" }).click();
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("Name").fill("Physiotherapy session");
    await form.getByLabel("Price (INR)").fill("800");
    await form.getByLabel("HSN/SAC").fill("12");
    await form.getByRole("button", { name: "Add" }).click();
    await form.getByText("An HSN or SAC code has 4 to 8 digits.").waitFor();
    await form.getByLabel("HSN/SAC").fill("999312");
    await form.getByRole("button", { name: "Add" }).click();
    await page.getByText("Physiotherapy session added.").waitFor();
    await noSidewaysScroll();

    await page.getByRole("button", { name: "Import", exact: true }).click();
    const importForm = page.getByRole("form", { name: "Import products" });
    await importForm.getByLabel("File").setInputFiles({
      name: "catalog.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Item Name,MRP,GST %,HSN Code\nKnee brace,1499,12,9021\nBad row,abc,,\n"),
    });
    await importForm.getByRole("button", { name: "Import" }).click();
    await page.getByText("1 added, 0 updated, 0 skipped, 1 not imported.").waitFor();
    // The catalog's item (the toast "Knee brace archived." is a list item too, outside the page's main).
    const brace = page.locator("main").getByRole("listitem").filter({ hasText: "Knee brace" });
    await expectText(brace, /₹1,499\.00 · GST 12% · HSN\/SAC 9021/);
    await screenshot("catalog-phone");
    await noSidewaysScroll();
    await brace.getByRole("button", { name: "Archive" }).click();
    await page.getByText("Knee brace archived.").waitFor();
    await brace.waitFor({ state: "detached" });
  });
});

describe("paying online at 360 px", () => {
  it("connects Razorpay and Stripe in settings; the customer pays on the provider's page and the invoice turns Paid", async () => {
    await page.goto(`${baseUrl}/b/${slug}/settings/billing`);
    await page.getByLabel("Key id").fill(fakeRazorpay.keyId);
    await page.getByLabel("Key secret").fill(fakeRazorpay.keySecret);
    await page.getByLabel("Webhook secret").fill(fakeRazorpay.webhookSecret);
    await page.getByRole("button", { name: "Save Razorpay keys" }).click();
    await page.getByText("Razorpay keys saved.").first().waitFor();
    // The secret is never shown again, only its last four characters.
    expect(await page.content()).not.toContain(fakeRazorpay.keySecret);
    await page.getByText(`••••${fakeRazorpay.keySecret.slice(-4)} set`).waitFor();
    await page.getByLabel("Secret key").fill("sk_test_51E2eFakeKey000000");
    await page.getByLabel("Signing secret").fill(fakeStripe.webhookSecret);
    await page.getByRole("button", { name: "Save Stripe keys" }).click();
    await page.getByText("Stripe keys saved.").first().waitFor();
    await noSidewaysScroll();

    const businessId = await businessIdOf(page, baseUrl, slug);
    const draft = await trpcCall<{ id: string }>(page, baseUrl, "invoices.create", {
      businessId,
      customerId,
      lines: [
        {
          description: "Physiotherapy session",
          quantity: "2",
          unitPrice: 80_000,
          taxes: [{ name: "GST", rateBasisPoints: 1800 }],
        },
      ],
    });
    const issued = await trpcCall<{ publicToken: string; number: string }>(page, baseUrl, "invoices.issue", {
      businessId,
      invoiceId: draft.id,
    });

    const visitor = await openBrowser({ width: 360, height: 740 });
    const pub = await visitor.context.newPage();
    await pub.goto(`${baseUrl}/i/${issued.publicToken}`);
    await pub.getByRole("button", { name: "Pay ₹1,888.00 by card" }).waitFor();
    await pub.getByRole("button", { name: /Pay ₹1,888\.00 with Razorpay/ }).click();
    // Razorpay's page (the fake), then back to the invoice, which is now paid.
    await pub.getByRole("heading", { name: "Test payment link" }).waitFor();
    await pub.getByRole("button", { name: "Pay by UPI" }).click();
    await pub.waitForURL(new RegExp(`/i/${issued.publicToken}\\?paid=1`));
    await pub.getByText("Thank you: this invoice is paid.").waitFor();
    await pub.getByText("Paid", { exact: true }).first().waitFor();
    expect(await pub.getByRole("button", { name: /^Pay / }).count()).toBe(0);
    expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await visitor.close();

    await page.goto(`${baseUrl}/b/${slug}/invoices/${draft.id}`);
    await page.getByText("Paid", { exact: true }).first().waitFor();
    await page.getByText(/Razorpay · pay_\w+ \(upi\)/).waitFor();
  });
});

async function expectText(locator: ReturnType<Page["locator"]>, pattern: RegExp) {
  for (let i = 0; i < 100; i++) {
    if (pattern.test(await locator.innerText().catch(() => ""))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await locator.innerText()).toMatch(pattern);
}
