import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businessMembers } from "@/db/schema";
import { AppError } from "@/server/errors";

/**
 * Checks that `ownerId` is a member of the business. Errors: NOT_FOUND with a field error on `ownerId`
 * (another business's user is as unknown here as a user that does not exist).
 */
export async function assertOwnerIsMember(db: DbOrTx, businessId: string, ownerId: string): Promise<void> {
  const [m] = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.userId, ownerId)))
    .limit(1);
  if (!m) {
    throw new AppError("NOT_FOUND", "The owner is not a member of this business.", {
      ownerId: "Choose a member of this business.",
    });
  }
}
