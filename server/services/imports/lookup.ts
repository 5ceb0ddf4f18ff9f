import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers } from "@/db/schema";
import { textArrayLiteral } from "./pg-array";
import { columns, type Values } from "./values";

/**
 * The existing customers a batch matches, by phone and by email (business-scoped, index-backed).
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export const lookupColumns = {
  id: customers.id,
  importId: customers.importId,
  createdAt: customers.createdAt,
  ...Object.fromEntries(columns.map(([key]) => [key, customers[key as keyof typeof customers.$inferSelect]])),
} as unknown as Record<string, typeof customers.id>;

/** The LIMIT of the per-key duplicate lookup: far above any real match count, there to fence the plan. */
export const LOOKUP_FENCE = 1_000_000;

/**
 * The business's customers (not in the Trash) that have one of `phones` (E.164) or `emails` (lower
 * case): by phone and by email, the oldest first when several share one. To be called in a transaction:
 * it asks for generic plans for its two statements (SET LOCAL) and restores the default after.
 */
export async function findExistingCustomers(
  db: DbOrTx,
  businessId: string,
  phones: string[],
  emails: string[],
): Promise<{ byPhone: Map<string, Values>; byEmail: Map<string, Values> }> {
  const byPhone = new Map<string, Values>();
  const byEmail = new Map<string, Values>();
  if (phones.length === 0 && emails.length === 0) return { byPhone, byEmail };
  // One index probe per key, (business_id, phone) or (business_id, lower(email)): the keys are unnested
  // and each is looked up in a LATERAL subquery that a LIMIT keeps from being flattened into a join (no
  // key matches that many customers; Drizzle leaves out OFFSET 0). A plain join or `= any(…)` lets the
  // planner scan all of the business's customers instead, which it does while its statistics still see
  // the business as small (a big import into a new business): every batch would then read every row
  // the import has written so far.
  const lookup = (keys: string[], matches: (key: SQL) => SQL) => {
    const found = db
      .select(lookupColumns)
      .from(customers)
      .where(and(eq(customers.businessId, businessId), matches(sql`k.key`), isNull(customers.deletedAt)))
      .limit(LOOKUP_FENCE)
      .as("found");
    const fields = Object.fromEntries(
      Object.keys(lookupColumns).map((key) => [key, found[key as "id"]]),
    ) as unknown as typeof lookupColumns;
    return db
      .select(fields)
      .from(sql`unnest(${textArrayLiteral(keys)}::text[]) as k(key)`)
      .crossJoinLateral(found) as unknown as Promise<Values[]>;
  };
  // Generic plans: a custom plan estimates a business missing from the statistics (a new business a
  // big import is filling) at one row, and may then probe the wrong index (the phone index for an email,
  // reading all of the business's customers for every key); a generic plan estimates an average one.
  await db.execute(sql`select set_config('plan_cache_mode', 'force_generic_plan', true)`);
  // Both sent at once (pipelined on the transaction's connection).
  const [byPhoneRows, byEmailRows] = await Promise.all([
    phones.length > 0 ? lookup(phones, (key) => sql`${customers.phone} = ${key}`) : [],
    emails.length > 0 ? lookup(emails, (key) => sql`lower(${customers.email}) = ${key}`) : [],
  ]);
  await db.execute(sql`select set_config('plan_cache_mode', 'auto', true)`);
  // The oldest customer wins when several share a phone or an email.
  const rows = [...byPhoneRows, ...byEmailRows].sort(
    (a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime(),
  );
  for (const row of rows) {
    const phone = row.phone as string | null;
    const email = (row.email as string | null)?.toLowerCase();
    if (phone && !byPhone.has(phone)) byPhone.set(phone, row);
    if (email && !byEmail.has(email)) byEmail.set(email, row);
  }
  return { byPhone, byEmail };
}
