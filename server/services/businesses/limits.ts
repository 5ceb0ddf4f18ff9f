import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses } from "@/db/schema";

type Tx = Parameters<Parameters<DbOrTx["transaction"]>[0]>[0];

/**
 * Runs `fn` in a transaction holding the business's row lock (`SELECT … FOR UPDATE` on `businesses`), so
 * a per-business cap checked inside `fn` (count, then insert) holds when several requests, in any number
 * of processes, create at the same time: they take turns on the lock. Output: what `fn` returns.
 * Errors: whatever `fn` throws (the transaction is rolled back).
 */
export async function withBusinessLock<T>(
  db: DbOrTx,
  businessId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx
      .select({ id: businesses.id })
      .from(businesses)
      .where(eq(businesses.id, businessId))
      .for("update");
    return fn(tx);
  });
}
