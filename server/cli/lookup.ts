import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, users } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { User } from "@/server/services/auth";
import type { Business } from "@/server/services/businesses";

/**
 * A business by its slug (the CLI acts as the platform operator, not as a member).
 * Errors: NOT_FOUND naming the slug.
 */
export async function businessBySlug(db: DbOrTx, slug: string): Promise<Business> {
  const wanted = slug.trim().toLowerCase();
  const [row] = await db.select().from(businesses).where(eq(businesses.slug, wanted)).limit(1);
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      `No business with slug "${wanted}" (see \`npm run crm -- business list\`).`,
    );
  }
  return row;
}

/** The platform admin who signed up first, if any. */
export async function firstPlatformAdmin(db: DbOrTx): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.isPlatformAdmin, true))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return row;
}
