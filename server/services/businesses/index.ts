import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import {
  apiKeys,
  businesses,
  businessMembers,
  customerCounts,
  customFields,
  imports,
  invitations,
  invoices,
  segments,
  tasks,
} from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import type { CreateBusinessInput, OnboardingProgress, UpdateBusinessInput } from "@/server/domain/business";
import { toE164 } from "@/server/domain/phone";
import { presetSegments } from "@/server/domain/segments";
import { openTaskStatuses } from "@/server/domain/tasks";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { type Business, getMembership } from "./membership";

export { type Business, getMembership } from "./membership";

/**
 * Creates a business and makes `ownerId` its owner, with the preset segments, in one transaction.
 * Input: validated `createBusinessInput` (phones already E.164). Errors: CONFLICT on `slug` when taken.
 */
export async function createBusiness(db: Db, ownerId: string, input: CreateBusinessInput): Promise<Business> {
  try {
    return await db.transaction(async (tx) => {
      const [business] = await tx
        .insert(businesses)
        .values({ ...input, category: input.category ?? null })
        .returning();
      if (!business) throw new AppError("INTERNAL");
      await tx.insert(businessMembers).values({ businessId: business.id, userId: ownerId, role: "owner" });
      await tx
        .insert(segments)
        .values(presetSegments.map((p) => ({ ...p, businessId: business.id, createdBy: ownerId })));
      await recordAudit(tx, {
        businessId: business.id,
        actorUserId: ownerId,
        action: "business.created",
        targetType: "business",
        targetId: business.id,
      });
      return business;
    });
  } catch (e) {
    if (isUniqueViolation(e, "businesses_slug_key")) {
      throw new AppError("CONFLICT", "This web address is taken. Choose another.", {
        slug: "This web address is taken.",
      });
    }
    throw e;
  }
}

/**
 * Updates a business. Phones are normalised to E.164 with the (new or stored) country.
 * Errors: NOT_FOUND; VALIDATION on `phone`/`whatsappNumber`; CONFLICT on `slug`.
 */
export async function updateBusiness(
  db: Db,
  ctx: { businessId: string; userId: string | null; apiKeyId?: string | null },
  input: UpdateBusinessInput,
): Promise<Business> {
  const { business: current } = await getMembership(db, { businessId: ctx.businessId, userId: null });
  const country = input.country ?? current.country;
  const values: Partial<typeof businesses.$inferInsert> = { ...input, updatedAt: new Date() };
  const fieldErrors: Record<string, string> = {};
  for (const field of ["phone", "whatsappNumber"] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null) {
      values[field] = null;
      continue;
    }
    const r = toE164(raw, country);
    if (r.ok) values[field] = r.e164;
    else fieldErrors[field] = r.reason;
  }
  if (Object.keys(fieldErrors).length) {
    throw new AppError("VALIDATION", Object.values(fieldErrors)[0], fieldErrors);
  }
  try {
    const [row] = await db
      .update(businesses)
      .set(values)
      .where(eq(businesses.id, ctx.businessId))
      .returning();
    if (!row) throw new AppError("NOT_FOUND");
    await recordAudit(db, {
      businessId: ctx.businessId,
      actorUserId: ctx.userId,
      actorApiKeyId: ctx.apiKeyId ?? null,
      action: "business.updated",
      targetType: "business",
      targetId: ctx.businessId,
      metadata: { fields: Object.keys(input) },
    });
    return row;
  } catch (e) {
    if (isUniqueViolation(e, "businesses_slug_key")) {
      throw new AppError("CONFLICT", "This web address is taken. Choose another.", {
        slug: "This web address is taken.",
      });
    }
    throw e;
  }
}

/** The businesses a user belongs to, with their role, by name. */
export async function listBusinessesForUser(db: DbOrTx, userId: string) {
  return db
    .select({
      id: businesses.id,
      slug: businesses.slug,
      name: businesses.name,
      category: businesses.category,
      country: businesses.country,
      role: businessMembers.role,
    })
    .from(businessMembers)
    .innerJoin(businesses, eq(businesses.id, businessMembers.businessId))
    .where(eq(businessMembers.userId, userId))
    .orderBy(asc(businesses.name));
}

/** A business by slug if the user is a member of it; NOT_FOUND otherwise. */
export async function getBusinessBySlugForUser(
  db: DbOrTx,
  slug: string,
  userId: string,
): Promise<{ business: Business; role: Role }> {
  const [row] = await db
    .select({ business: businesses, role: businessMembers.role })
    .from(businesses)
    .innerJoin(businessMembers, eq(businessMembers.businessId, businesses.id))
    .where(and(eq(businesses.slug, slug), eq(businessMembers.userId, userId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Whether a slug is free (for the live check in the create form). */
export async function isSlugAvailable(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: businesses.id })
    .from(businesses)
    .where(eq(businesses.slug, slug))
    .limit(1);
  return !row;
}

/**
 * Counts shown on the business dashboard and the state of its onboarding checklist, all read from the
 * database: live customers, the open tasks assigned to `userId` (0 for an API key, which has none),
 * members, pending invitations, active API keys; and whether a customer, a completed import, a
 * teammate (member or pending invitation), an API key (even one since revoked) and a custom field exist.
 */
export async function getDashboardSummary(db: DbOrTx, businessId: string, userId: string | null = null) {
  const [members] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(businessMembers)
    .where(eq(businessMembers.businessId, businessId));
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(
      and(
        eq(invitations.businessId, businessId),
        sql`${invitations.acceptedAt} is null and ${invitations.revokedAt} is null and ${invitations.expiresAt} > now()`,
      ),
    );
  const [keys] = await db
    .select({
      active: sql<number>`count(*) filter (where ${apiKeys.revokedAt} is null)::int`,
      ever: sql<number>`count(*)::int`,
    })
    .from(apiKeys)
    .where(eq(apiKeys.businessId, businessId));
  // Live customers: the per-business counter (kept by triggers), not a count over a large table.
  const [customerCount] = await db
    .select({ n: customerCounts.live })
    .from(customerCounts)
    .where(eq(customerCounts.businessId, businessId));
  const [myTasks] = userId
    ? await db
        .select({ n: sql<number>`count(*)::int` })
        .from(tasks)
        .where(
          and(
            eq(tasks.businessId, businessId),
            eq(tasks.assigneeId, userId),
            inArray(tasks.status, [...openTaskStatuses]),
          ),
        )
    : [];
  // Invoices waiting for money (issued or partly paid): the index on (business_id, status, due_date).
  const [unpaid] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invoices)
    .where(
      and(
        eq(invoices.businessId, businessId),
        eq(invoices.kind, "invoice"),
        inArray(invoices.status, ["issued", "partially_paid"]),
      ),
    );
  const [imported] = await db
    .select({ id: imports.id })
    .from(imports)
    .where(and(eq(imports.businessId, businessId), eq(imports.status, "completed")))
    .limit(1);
  const [field] = await db
    .select({ id: customFields.id })
    .from(customFields)
    .where(eq(customFields.businessId, businessId))
    .limit(1);
  const memberCount = members?.n ?? 0;
  const customers = customerCount?.n ?? 0;
  return {
    counts: {
      customers,
      myOpenTasks: myTasks?.n ?? 0,
      members: memberCount,
      pendingInvitations: pending?.n ?? 0,
      apiKeys: keys?.active ?? 0,
      unpaidInvoices: unpaid?.n ?? 0,
    },
    checklist: {
      addCustomer: customers > 0,
      importCustomers: Boolean(imported),
      inviteTeammate: memberCount > 1 || (pending?.n ?? 0) > 0,
      createApiKey: (keys?.ever ?? 0) > 0,
      addCustomField: Boolean(field),
    } satisfies OnboardingProgress,
  };
}
