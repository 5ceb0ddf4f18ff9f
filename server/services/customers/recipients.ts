import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignRecipients } from "@/db/schema";

/**
 * Deletes the campaign recipient rows of customers whose rows are about to be deleted (purge, merge, undo
 * of an import): `campaign_recipients` has no foreign key to `customers` (see its schema), so this is the
 * cascade. `customerIds` is a list of ids or a SQL subquery selecting them; only rows of `businessId` are
 * touched. Output: the number of rows deleted.
 */
export async function deleteCustomerRecipients(
  tx: DbOrTx,
  businessId: string,
  customerIds: readonly string[] | SQL,
): Promise<number> {
  if (Array.isArray(customerIds) && customerIds.length === 0) return 0;
  const which = Array.isArray(customerIds)
    ? inArray(campaignRecipients.customerId, customerIds as string[])
    : sql`${campaignRecipients.customerId} in (${customerIds})`;
  const deleted = await tx
    .delete(campaignRecipients)
    .where(and(eq(campaignRecipients.businessId, businessId), which))
    .returning({ id: campaignRecipients.id });
  return deleted.length;
}
