import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { businessMembers, customers } from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import { businessBySlug } from "@/server/cli/lookup";
import { seedInvoices } from "@/server/cli/seed-invoices";
import { seedLeadForms } from "@/server/cli/seed-lead-forms";
import { createBusinessInput } from "@/server/domain/business";
import { createCustomerInput } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { createApiKey, listApiKeys } from "@/server/services/api-keys";
import { recordAudit } from "@/server/services/audit";
import { ensureUser, type User } from "@/server/services/auth";
import { type Business, createBusiness, getMembership } from "@/server/services/businesses";
import { createCustomer } from "@/server/services/customers";
import { inviteMember, listInvitations } from "@/server/services/members";

/**
 * Demo data for a fresh installation: a clinic in Pune with its team and an API key, created through
 * the same services the app uses (so the audit log and the dev mailbox fill up as they would).
 * Idempotent: each step finds what an earlier run made and reuses it. One function per domain; later
 * domains (customers, campaigns, lead forms, invoices) add theirs to `seedDemo`.
 */
export const demo = {
  /** Every demo account signs in with this password. */
  password: "demo-password-123",
  owner: { email: "demo@example.com", name: "Dr. Ananya Sharma" },
  business: {
    name: "Sharma Family Clinic",
    slug: "demo",
    category: "clinic",
    description: "Family medicine and paediatrics in Kothrud, Pune. Open Monday to Saturday, 9am to 8pm.",
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
    // Typed the way people write them; the business schema stores E.164.
    phone: "020 2553 1234",
    whatsappNumber: "98765 43210",
  },
  team: [
    { email: "rohan.mehta@example.com", name: "Rohan Mehta", role: "admin" },
    { email: "kavya.iyer@example.com", name: "Kavya Iyer", role: "member" },
  ] satisfies { email: string; name: string; role: Role }[],
  invitation: { email: "imran.shaikh@example.com", role: "member" as Role },
  apiKeyName: "Demo integration",
} as const;

/** What a step did: made something new, or found it from an earlier run. */
export type Seeded<T> = T & { created: boolean };

/** The demo owner: a verified account with the demo password (reset to it on every run). */
export async function seedOwner(db: Db): Promise<User> {
  return ensureUser(db, { ...demo.owner, password: demo.password });
}

/**
 * The demo business, owned by `owner`. Errors: CONFLICT when slug `demo` belongs to a business the
 * demo owner is not a member of (the seed never touches someone else's business).
 */
export async function seedBusiness(db: Db, owner: User): Promise<Seeded<Business>> {
  const existing = await businessBySlug(db, demo.business.slug).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") return undefined;
    throw e;
  });
  if (existing) {
    await getMembership(db, { businessId: existing.id, userId: owner.id }).catch(() => {
      throw new AppError(
        "CONFLICT",
        `A business with slug "${demo.business.slug}" exists and ${owner.email} is not its member: the seed leaves it alone.`,
      );
    });
    return { ...existing, created: false };
  }
  const business = await createBusiness(db, owner.id, createBusinessInput.parse(demo.business));
  return { ...business, created: true };
}

/**
 * The demo team: verified accounts (demo password) who joined the business with their role. A join is
 * recorded as the app records an accepted invitation (`member.joined`).
 */
export async function seedMembers(db: Db, business: Business) {
  const team: Seeded<{ email: string; role: Role }>[] = [];
  for (const person of demo.team) {
    const user = await ensureUser(db, { email: person.email, name: person.name, password: demo.password });
    const created = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(businessMembers)
        .values({ businessId: business.id, userId: user.id, role: person.role })
        .onConflictDoNothing()
        .returning({ id: businessMembers.id });
      if (!row) return false;
      await recordAudit(tx, {
        businessId: business.id,
        actorUserId: user.id,
        action: "member.joined",
        targetType: "member",
        targetId: user.id,
        metadata: { role: person.role },
      });
      return true;
    });
    const [member] = await db
      .select({ role: businessMembers.role })
      .from(businessMembers)
      .where(and(eq(businessMembers.businessId, business.id), eq(businessMembers.userId, user.id)));
    team.push({ email: user.email, role: member?.role ?? person.role, created });
  }
  return team;
}

/** One pending invitation, sent by the owner (its email lands in the dev mailbox or goes out by Resend). */
export async function seedInvitations(db: Db, business: Business, owner: User) {
  const { email, role } = demo.invitation;
  const pending = await listInvitations(db, business.id);
  const found = pending.find((i) => i.email === email);
  if (found) return { email, role: found.role, created: false };
  const invitation = await inviteMember(
    db,
    { businessId: business.id, userId: owner.id, role: "owner" },
    { email, role },
  );
  return { email, role: invitation.role, created: true };
}

/**
 * The "Demo integration" API key. Output: the secret when it was created by this run; an earlier
 * run's key is reused and only its prefix is known.
 */
export async function seedApiKeys(db: Db, business: Business, owner: User) {
  const active = (await listApiKeys(db, business.id)).find((k) => k.name === demo.apiKeyName && !k.revokedAt);
  if (active) return { name: active.name, prefix: active.prefix, key: undefined, created: false };
  const key = await createApiKey(
    db,
    { businessId: business.id, userId: owner.id },
    { name: demo.apiKeyName },
  );
  return { name: key.name, prefix: key.prefix, key: key.key, created: true };
}

const firstNames = [
  "Aarav",
  "Ananya",
  "Vihaan",
  "Diya",
  "Arjun",
  "Ishita",
  "Kabir",
  "Meera",
  "Rohan",
  "Saanvi",
  "Aditya",
  "Priya",
  "Farhan",
  "Zara",
  "Neha",
  "Rahul",
  "Sneha",
  "Vikram",
  "Pooja",
  "Imran",
  "Reza",
  "Shirin",
  "Darius",
  "Leila",
];
const lastNames = [
  "Sharma",
  "Patel",
  "Iyer",
  "Deshpande",
  "Kulkarni",
  "Reddy",
  "Nair",
  "Gupta",
  "Shaikh",
  "Joshi",
  "Mehta",
  "Rao",
  "Karimi",
  "Ahmadi",
];
const demoTags = ["vip", "paediatrics", "diabetes care", "walk-in", "insurance", "senior", "follow-up"];
const demoSources = ["Walk-in", "Google", "Referral", "Instagram", "Practo"];
const demoStages = ["lead", "prospect", "customer", "customer", "customer", "churned"] as const;

/**
 * 120 patients with names, phones (Indian mobiles, a few Iranian), emails, tags, sources, stages,
 * birthdays spread over the year and consent for some, created through `createCustomer` (so each has
 * its timeline). Deterministic. Skipped when the business already has customers.
 * Output: how many were created.
 */
export async function seedCustomers(db: Db, business: Business, owner: User): Promise<{ created: number }> {
  const [existing] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.businessId, business.id))
    .limit(1);
  if (existing) return { created: 0 };
  const actor = { businessId: business.id, userId: owner.id };
  for (let i = 0; i < 120; i++) {
    const first = firstNames[i % firstNames.length]!;
    const last = lastNames[(i * 7) % lastNames.length]!;
    const iranian = first === "Reza" || first === "Shirin" || first === "Darius" || first === "Leila";
    const phone = iranian
      ? `+98 912 ${String(3000000 + i * 101).padStart(7, "0")}`
      : `9${String(812345600 + i * 37)}`;
    const month = (i % 12) + 1;
    const day = ((i * 5) % 28) + 1;
    const input = createCustomerInput.parse({
      name: `${first} ${last}`,
      email: i % 4 === 3 ? null : `${first}.${last}${i}`.toLowerCase().concat("@example.com"),
      phone,
      whatsapp: i % 3 === 0 ? phone : null,
      tags: [demoTags[i % demoTags.length]!, ...(i % 5 === 0 ? [demoTags[(i + 3) % demoTags.length]!] : [])],
      source: demoSources[i % demoSources.length]!,
      lifecycleStage: demoStages[i % demoStages.length]!,
      city: i % 2 ? "Pune" : "Mumbai",
      country: iranian ? "Iran" : "India",
      dateOfBirth: `${1950 + ((i * 3) % 60)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      ...(i % 2 === 0
        ? {
            consent: {
              whatsapp: { granted: true, source: "Front desk form" },
              email: { granted: i % 4 === 0 },
            },
          }
        : {}),
    });
    await createCustomer(db, actor, input);
  }
  return { created: 120 };
}

/** Seeds everything above, in order. Output: what each step made or found, for the CLI to print. */
export async function seedDemo(db: Db) {
  const owner = await seedOwner(db);
  const business = await seedBusiness(db, owner);
  const team = await seedMembers(db, business);
  const invitation = await seedInvitations(db, business, owner);
  const apiKey = await seedApiKeys(db, business, owner);
  const seededCustomers = await seedCustomers(db, business, owner);
  const leadForms = await seedLeadForms(db, business, owner);
  const invoices = await seedInvoices(db, business, owner);
  return { owner, business, team, invitation, apiKey, customers: seededCustomers, leadForms, invoices };
}
