import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, formSubmissions, leadFormDailyStats, leadForms } from "@/db/schema";
import type { User } from "@/server/services/auth";
import type { Business } from "@/server/services/businesses";
import { createForm } from "@/server/services/lead-forms/forms";
import { publishForm } from "@/server/services/lead-forms/publish";

/** The demo lead form, its fields and the submissions it starts with. */
export const demoLeadForm = {
  name: "Book a consultation",
  definition: {
    fields: [
      { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
      { key: "phone", type: "phone", label: "Mobile", required: true, mapTo: "phone", defaultCountry: "IN" },
      { key: "email", type: "email", label: "Email", mapTo: "email" },
      {
        key: "visit",
        type: "select",
        label: "What is it about?",
        options: [
          { value: "Check-up", label: "Check-up" },
          { value: "Paediatrics", label: "Paediatrics" },
          { value: "Diabetes care", label: "Diabetes care" },
        ],
      },
      { key: "message", type: "long_text", label: "Anything we should know?" },
    ],
    settings: {
      title: "Book a free consultation",
      description: "Tell us when suits you; we call back within a working day.",
      submitLabel: "Book",
      leadDefaults: { tags: ["website"], lifecycleStage: "lead", source: "Website" },
    },
  },
  /** Newest last; `customer` names a demo patient the submission became. */
  submissions: [
    {
      answers: {
        name: "Aarav Sharma",
        phone: "+919812345600",
        email: "aarav.sharma0@example.com",
        visit: "Paediatrics",
        message: "My son has a cough for a week.",
      },
      context: {
        utm: { utm_source: "instagram", utm_medium: "social", utm_campaign: "monsoon-checkups" },
        referrer: "https://l.instagram.com/",
        landingPage: "https://sharmaclinic.example/?utm_source=instagram&utm_campaign=monsoon-checkups",
      },
      status: "processed",
      customer: "Aarav Sharma",
      hoursAgo: 30,
    },
    {
      answers: { name: "Rahul Deshpande", phone: "+919812345777", visit: "Diabetes care" },
      context: { utm: {}, referrer: "https://www.google.com/", landingPage: "https://sharmaclinic.example/" },
      status: "received",
      hoursAgo: 3,
    },
    {
      answers: {
        name: "Cheap meds online",
        phone: "+919800000001",
        message: '=HYPERLINK("http://spam.example")',
      },
      context: { utm: {} },
      status: "spam",
      spamReason: "honeypot",
      hoursAgo: 1,
    },
  ],
} as const;

/**
 * A published demo lead form ("Book a consultation") with three submissions stored as the public form
 * stores them: one that became a demo patient (from Instagram, with UTM), one waiting, one in Spam; and a
 * week of views. Skipped when the business already has forms. Output: the submissions created.
 */
export async function seedLeadForms(db: Db, business: Business, owner: User): Promise<{ created: number }> {
  const [existing] = await db
    .select({ id: leadForms.id })
    .from(leadForms)
    .where(eq(leadForms.businessId, business.id))
    .limit(1);
  if (existing) return { created: 0 };
  const actor = { businessId: business.id, userId: owner.id };
  const created = await createForm(db, actor, {
    name: demoLeadForm.name,
    definition: demoLeadForm.definition as never,
  });
  const form = await publishForm(db, actor, created.id);
  const versionId = form.publishedVersion!.id;
  const now = Date.now();
  for (const s of demoLeadForm.submissions) {
    const customer =
      "customer" in s
        ? (
            await db
              .select({ id: customers.id })
              .from(customers)
              .where(and(eq(customers.businessId, business.id), eq(customers.name, s.customer)))
              .limit(1)
          )[0]
        : undefined;
    const at = new Date(now - s.hoursAgo * 3_600_000);
    await db.insert(formSubmissions).values({
      businessId: business.id,
      formId: form.id,
      versionId,
      status: s.status,
      answers: s.answers,
      context: s.context,
      spamReason: "spamReason" in s ? s.spamReason : null,
      customerId: customer?.id ?? null,
      createdAt: at,
      processedAt: s.status === "processed" ? at : null,
    });
  }
  const accepted = demoLeadForm.submissions.filter((s) => s.status !== "spam").length;
  await db
    .update(leadForms)
    .set({ submissionCount: sql`${leadForms.submissionCount} + ${accepted}` })
    .where(eq(leadForms.id, form.id));
  const days = Array.from({ length: 7 }, (_, i) => new Date(now - i * 86_400_000).toISOString().slice(0, 10));
  await db
    .insert(leadFormDailyStats)
    .values(
      days.map((day, i) => ({
        businessId: business.id,
        formId: form.id,
        day,
        views: 20 + ((i * 7) % 11),
        starts: 6 + (i % 4),
      })),
    )
    .onConflictDoNothing();
  return { created: demoLeadForm.submissions.length };
}
