import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, businessMembers } from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";

export type Business = typeof businesses.$inferSelect;

/**
 * Loads a business and the user's role in it (`business_id = ? and user_id = ?`).
 * `userId: null` loads the business alone (API keys, jobs). Throws NOT_FOUND when the business does not
 * exist or the user is not a member: the two cases look the same from outside.
 */
export async function getMembership(
  db: DbOrTx,
  { businessId, userId }: { businessId: string; userId: string | null },
): Promise<{ business: Business; role: Role | null }> {
  if (userId === null) {
    const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
    if (!business) throw new AppError("NOT_FOUND");
    return { business, role: null };
  }
  const [row] = await db
    .select({ business: businesses, role: businessMembers.role })
    .from(businessMembers)
    .innerJoin(businesses, eq(businesses.id, businessMembers.businessId))
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.userId, userId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}
