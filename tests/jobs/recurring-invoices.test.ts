import { InngestTestEngine } from "@inngest/test";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  activities,
  customers,
  devWhatsappMessages,
  emailMessages,
  invoices,
  jobRuns,
  messageTemplates,
  recurringInvoices,
} from "@/db/schema";
import { generateRecurringInvoices } from "@/server/jobs/functions/invoices/generate-recurring";
import { sendInvoice } from "@/server/jobs/functions/invoices/send-invoice";
import { sendInvoiceReminders } from "@/server/jobs/functions/invoices/send-reminders";
import { startLocalDriver, stopLocalDriver } from "@/server/jobs/local";
import type { LocalDriver } from "@/server/jobs/local/driver";
import { claimDueInvoiceReminders, generateDueRecurringInvoices, todayIn } from "@/server/services/invoices";
import { callerFor } from "../helpers/caller";
import { startCronDriver } from "../helpers/cron-driver";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

let db: Db;
let fake: FakeResend;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeResend();
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  await startLocalDriver({ sweepIntervalMs: 0 });
});

afterAll(async () => {
  await stopLocalDriver();
  await fake.close();
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
});

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

beforeEach(() => {
  fake.reset();
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
});

const gst18 = [{ name: "GST", rateBasisPoints: 1800 }];
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

async function clinic(email = `meera-${Math.random().toString(36).slice(2, 8)}@example.com`) {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Sharma Clinic", timeZone: "Asia/Kolkata" });
  const businessId = business.id;
  const asOwner = callerFor(db, owner);
  await asOwner.invoices.updateSettings({ businessId, gstin: "29AAGCB7383J1Z4" });
  const [customer] = await db
    .insert(customers)
    .values({ businessId, name: "Meera Iyer", email, state: "Karnataka" })
    .returning();
  return { owner, business, businessId, asOwner, customer: customer!, today: todayIn(business.timeZone) };
}

const membership = (customerId: string, startDate: string, extra: object = {}) => ({
  name: "Monthly membership",
  customerId,
  frequency: "monthly" as const,
  startDate,
  lines: [
    { description: "Gym membership", hsnSac: "999723", quantity: "1", unitPrice: 150_000, taxes: gst18 },
  ],
  ...extra,
});

async function invoicesOf(recurringInvoiceId: string) {
  return db
    .select()
    .from(invoices)
    .where(eq(invoices.recurringInvoiceId, recurringInvoiceId))
    .orderBy(invoices.recurringPeriod);
}

async function deliveries() {
  await (await startLocalDriver()).idle();
}

describe("recurring invoices", () => {
  it("bills each period once: missed months caught up in order, numbered without gaps, then nothing", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    const start = addDays(today, -75);
    const profile = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, start, { autoSend: false }),
    });
    expect(profile.nextRunOn).toBe(start);
    expect(profile.total).toBe(177_000);

    const first = await generateDueRecurringInvoices(db);
    const made = await invoicesOf(profile.id);
    expect(made.length).toBeGreaterThanOrEqual(3);
    expect(made.every((i) => i.status === "draft" && i.total === 177_000)).toBe(true);
    expect(first.invoices.filter((i) => i.businessId === businessId)).toHaveLength(made.length);
    expect(made.map((i) => i.issueDate)).toEqual(made.map((i) => i.recurringPeriod));

    const again = await generateDueRecurringInvoices(db);
    expect(again.invoices.filter((i) => i.businessId === businessId)).toHaveLength(0);
    expect(await invoicesOf(profile.id)).toHaveLength(made.length);

    const after = await asOwner.recurringInvoices.get({ businessId, recurringInvoiceId: profile.id });
    expect(after.generatedCount).toBe(made.length);
    expect(after.nextRunOn! > today).toBe(true);
    expect(after.upcoming).toHaveLength(3);
  });

  it("a period already billed is never billed again, whatever a retried or doubled run does", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    const profile = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, addDays(today, -40)),
    });
    // Two runs at once: the claim locks the profile, the second skips it or finds the periods billed.
    await Promise.all([generateDueRecurringInvoices(db), generateDueRecurringInvoices(db)]);
    const made = await invoicesOf(profile.id);
    expect(made).toHaveLength(2);
    // As if the run's progress were lost after its invoices were committed.
    await db
      .update(recurringInvoices)
      .set({ nextPeriodIndex: 0, nextRunOn: addDays(today, -40), generatedCount: 0 })
      .where(eq(recurringInvoices.id, profile.id));
    const rerun = await generateDueRecurringInvoices(db);
    expect(rerun.alreadyBilled).toBeGreaterThanOrEqual(2);
    const after = await invoicesOf(profile.id);
    expect(after).toHaveLength(2);
    // Issued ones carry consecutive numbers of the fiscal year.
    const numbers = after.map((i) => Number(i.number!.split("/").at(-1)));
    expect(numbers[1]! - numbers[0]!).toBe(1);
  });

  it("ends after N invoices; pause stops billing, resume goes on from today, skip passes one period", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    const p = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, addDays(today, -100), { endAfterCount: 2, autoSend: false }),
    });
    await generateDueRecurringInvoices(db);
    const ended = await asOwner.recurringInvoices.get({ businessId, recurringInvoiceId: p.id });
    expect(ended).toMatchObject({ status: "ended", generatedCount: 2, nextRunOn: null });
    await expect(
      asOwner.recurringInvoices.pause({ businessId, recurringInvoiceId: p.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const q = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, addDays(today, 1), { frequency: "weekly", autoSend: false }),
    });
    const skipped = await asOwner.recurringInvoices.skipNext({ businessId, recurringInvoiceId: q.id });
    expect(skipped.nextRunOn).toBe(addDays(today, 8));
    expect(skipped.skippedCount).toBe(1);
    await asOwner.recurringInvoices.pause({ businessId, recurringInvoiceId: q.id });
    await db
      .update(recurringInvoices)
      .set({ nextRunOn: addDays(today, -20), nextPeriodIndex: 0 })
      .where(eq(recurringInvoices.id, q.id));
    await generateDueRecurringInvoices(db);
    expect(await invoicesOf(q.id)).toHaveLength(0);
    const resumed = await asOwner.recurringInvoices.resume({ businessId, recurringInvoiceId: q.id });
    expect(resumed.status).toBe("active");
    expect(resumed.nextRunOn! >= today).toBe(true);
  });

  it("pauses a profile whose customer is in the trash, with the reason", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    const p = await asOwner.recurringInvoices.create({ businessId, ...membership(customer.id, today) });
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customer.id));
    await generateDueRecurringInvoices(db);
    const after = await asOwner.recurringInvoices.get({ businessId, recurringInvoiceId: p.id });
    expect(after).toMatchObject({ status: "paused", lastError: "The customer is in the trash." });
    expect(await invoicesOf(p.id)).toHaveLength(0);
  });

  it("refuses bad input at its field", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    await expect(
      asOwner.recurringInvoices.create({ businessId, ...membership(customer.id, today), lines: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Add at least one line." });
    await expect(
      asOwner.recurringInvoices.create({
        businessId,
        ...membership(customer.id, today, { frequency: "every_n_days" }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("the recurring function under @inngest/test, and sending", () => {
  it("issues due invoices and emails each once, its PDF attached through Resend", async () => {
    process.env.RESEND_API_KEY = fake.apiKey;
    process.env.RESEND_BASE_URL = fake.url;
    const { asOwner, businessId, customer, today } = await clinic();
    const p = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, addDays(today, -31)),
    });

    const { result, error } = await new InngestTestEngine({ function: generateRecurringInvoices }).execute({
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/15 * * * *" } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ failed: 0 });
    await deliveries();
    const made = await invoicesOf(p.id);
    expect(made).toHaveLength(2);
    expect(made.every((i) => i.status === "issued" && i.sentAt)).toBe(true);

    const mails = await db.select().from(emailMessages).where(eq(emailMessages.to, customer.email!));
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.template === "invoice" && m.status === "sent")).toBe(true);
    expect(mails[0]!.attachments[0]).toMatchObject({ kind: "invoice_pdf" });
    const sent = fake.sent.filter((s) => s.body.to === customer.email);
    expect(sent).toHaveLength(2);
    const attachment = (sent[0]!.body.attachments as { filename: string; content: string }[])[0]!;
    expect(attachment.filename).toMatch(/^INV-.*\.pdf$/);
    expect(Buffer.from(attachment.content, "base64").subarray(0, 5).toString()).toBe("%PDF-");

    // The same request again (a retried event) sends nothing more.
    const again = await new InngestTestEngine({ function: sendInvoice }).execute({
      events: [{ name: "invoices/send.requested", data: { businessId, invoiceId: made[0]!.id } }],
    });
    expect(again.result).toEqual({ sent: false, reason: "already_sent" });
    await deliveries();
    expect(fake.sent.filter((s) => s.body.to === customer.email)).toHaveLength(2);
  });

  it("runs on its cron slot through the local driver, and its next slots bill nothing more", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    const p = await asOwner.recurringInvoices.create({
      businessId,
      ...membership(customer.id, addDays(today, -31)),
    });
    let now = new Date(Math.ceil(Date.now() / 900_000) * 900_000 - 1_000);
    const driver = await startCronDriver(db, generateRecurringInvoices, () => now, drivers);
    for (let slot = 0; slot < 3; slot++) {
      now = new Date(now.getTime() + 900_000);
      await driver.tick();
      await driver.idle();
    }
    await deliveries();
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "generate-recurring-invoices"));
    expect(runs.filter((r) => r.status === "completed").length).toBeGreaterThanOrEqual(3);
    expect(await invoicesOf(p.id)).toHaveLength(2);
    const mails = await db.select().from(emailMessages).where(eq(emailMessages.to, customer.email!));
    expect(mails).toHaveLength(2);
  });

  it("Send emails an issued invoice on request, to the timeline; a draft cannot be sent", async () => {
    const { asOwner, businessId, customer } = await clinic();
    const draft = await asOwner.invoices.create({
      businessId,
      customerId: customer.id,
      lines: [{ description: "Consultation", quantity: "1", unitPrice: 100_000, taxes: gst18 }],
    });
    await expect(asOwner.invoices.send({ businessId, invoiceId: draft.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    const sent = await asOwner.invoices.send({
      businessId,
      invoiceId: draft.id,
      to: "accounts@example.com",
      message: "Thank you for visiting.",
    });
    expect(sent.to).toBe("accounts@example.com");
    const [mail] = await db.select().from(emailMessages).where(eq(emailMessages.id, sent.emailMessageId));
    expect(mail!.subject).toMatch(/^Invoice INV\/.+ from Sharma Clinic$/);
    expect(mail!.text).toContain("Thank you for visiting.");
    expect(mail!.text).toContain("₹1,180.00");
    const timeline = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, customer.id), eq(activities.type, "invoice_sent")));
    expect(timeline).toHaveLength(1);
    expect((await asOwner.invoices.get({ businessId, invoiceId: draft.id })).sentAt).not.toBeNull();
  });

  it("reminds before and after the due date once per offset, and never once paid", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    await asOwner.invoices.updateSettings({ businessId, reminderDays: [-3, 0, 3] });
    const make = async (dueInDays: number) => {
      const d = await asOwner.invoices.create({
        businessId,
        customerId: customer.id,
        issueDate: today,
        paymentTermsDays: Math.max(0, dueInDays),
        lines: [{ description: "Consultation", quantity: "1", unitPrice: 100_000 }],
      });
      await asOwner.invoices.issue({ businessId, invoiceId: d.id });
      await asOwner.invoices.send({ businessId, invoiceId: d.id });
      if (dueInDays < 0)
        await db
          .update(invoices)
          .set({ dueDate: addDays(today, dueInDays) })
          .where(eq(invoices.id, d.id));
      return d.id;
    };
    const dueIn3 = await make(3);
    const overdue3 = await make(-3);
    const paid = await make(0);
    await asOwner.invoices.recordPayment({ businessId, invoiceId: paid, amount: 100_000, method: "cash" });
    const notSent = await asOwner.invoices.create({
      businessId,
      customerId: customer.id,
      lines: [{ description: "Consultation", quantity: "1", unitPrice: 100_000 }],
    });
    await asOwner.invoices.issue({ businessId, invoiceId: notSent.id });

    const ours = (rows: { invoiceId: string; daysFromDue: number }[]) =>
      rows.filter((r) => [dueIn3, overdue3, paid, notSent.id].includes(r.invoiceId));
    const claimed = ours(await claimDueInvoiceReminders(db));
    expect(claimed.map((c) => [c.invoiceId, c.daysFromDue]).sort()).toEqual(
      [
        [dueIn3, -3],
        [overdue3, 3],
      ].sort(),
    );
    expect(ours(await claimDueInvoiceReminders(db))).toEqual([]);
    const rows = await db
      .select({ id: invoices.id, remindersSent: invoices.remindersSent })
      .from(invoices)
      .where(inArray(invoices.id, [dueIn3, overdue3]));
    // The overdue one is marked for every offset up to today's, so it never gets the earlier ones late.
    expect(Object.fromEntries(rows.map((r) => [r.id, r.remindersSent.sort()]))).toEqual({
      [dueIn3]: [-3],
      [overdue3]: [-3, 0, 3],
    });
  });

  it("the reminder function emails the reminders it claims", async () => {
    const { asOwner, businessId, customer, today } = await clinic();
    await asOwner.invoices.updateSettings({ businessId, reminderDays: [0] });
    const d = await asOwner.invoices.create({
      businessId,
      customerId: customer.id,
      issueDate: today,
      lines: [{ description: "Consultation", quantity: "1", unitPrice: 100_000 }],
    });
    await asOwner.invoices.issue({ businessId, invoiceId: d.id });
    await asOwner.invoices.send({ businessId, invoiceId: d.id });
    const { error } = await new InngestTestEngine({ function: sendInvoiceReminders }).execute({
      events: [{ name: "inngest/scheduled.timer", data: { cron: "5 * * * *" } }],
    });
    expect(error).toBeUndefined();
    const mails = await db.select().from(emailMessages).where(eq(emailMessages.to, customer.email!));
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        expect.stringMatching(/^Invoice INV/),
        expect.stringMatching(/^Payment reminder: invoice INV.* is due today$/),
      ].sort(),
    );
  });
});

describe("sending an invoice on WhatsApp", () => {
  it("fills an approved template with the invoice (numbered and named variables, a URL button) and sends it", async () => {
    const { asOwner, businessId, customer } = await clinic();
    await db
      .update(customers)
      .set({ whatsapp: "+919491883981", whatsappConsent: true })
      .where(eq(customers.id, customer.id));
    const [template] = await db
      .insert(messageTemplates)
      .values({
        businessId,
        channel: "whatsapp",
        name: "invoice_due",
        language: "en",
        status: "APPROVED",
        category: "UTILITY",
        components: [
          {
            type: "BODY",
            text: "Hello {{1}}, your invoice {{5}} of {{2}} is due on {{3}}. View and pay: {{4}}",
          },
          {
            type: "BUTTONS",
            buttons: [
              { type: "URL", text: "Pay now", url: "https://crm.example.com/i/{{1}}", example: ["abc"] },
            ],
          },
        ],
      })
      .returning();
    const draft = await asOwner.invoices.create({
      businessId,
      customerId: customer.id,
      paymentTermsDays: 7,
      lines: [{ description: "Consultation", quantity: "1", unitPrice: 150_000, taxes: gst18 }],
    });
    await expect(
      asOwner.invoices.sendWhatsapp({ businessId, invoiceId: draft.id, templateId: template!.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const issued = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    const sent = await asOwner.invoices.sendWhatsapp({
      businessId,
      invoiceId: draft.id,
      templateId: template!.id,
    });
    expect(sent.text.split("\n")[0]).toBe(
      `Hello Meera Iyer, your invoice ${issued.number} of ₹1,770.00 is due on ${new Date(`${issued.dueDate}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}. View and pay: ${await asOwner.invoices.publicUrl({ businessId, invoiceId: draft.id }).then((r) => r.url)}`,
    );
    const [outbox] = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.providerMessageId, sent.providerMessageId!));
    const payload = outbox!.payload as {
      template: { components: { type: string; parameters: { text: string }[] }[] };
    };
    const button = payload.template.components.find((c) => c.type === "button")!;
    expect(button.parameters[0]!.text).toBe(`${issued.publicToken}`);
    expect((await asOwner.invoices.get({ businessId, invoiceId: draft.id })).sentAt).not.toBeNull();
  });
});
