import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers } from "@/db/schema";
import { AppError } from "@/server/errors";

/**
 * Checks that `customerId` is a customer of the business, live unless `includeTrashed` (reads of a
 * trashed customer's page still work). Used by every service that attaches records (notes, tasks) to a
 * customer. Errors: NOT_FOUND, the same for another business's customer as for none.
 */
export async function assertCustomer(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  opts: { includeTrashed?: boolean } = {},
): Promise<void> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.businessId, businessId),
        eq(customers.id, customerId),
        opts.includeTrashed ? undefined : isNull(customers.deletedAt),
      ),
    )
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
}
