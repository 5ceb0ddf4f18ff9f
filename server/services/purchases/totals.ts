import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, type invoices, purchases } from "@/db/schema";

/**
 * Recomputes what customers have bought from their purchases: `total_spent` (sum in the business's
 * currency, minor units; purchases in another currency are listed but not summed), `orders_count`,
 * `first_purchase_on`, `last_purchase_on`. One statement for any number of customers of one business;
 * call it in the transaction that changed their purchases.
 */
export async function refreshPurchaseTotals(
  db: DbOrTx,
  businessId: string,
  customerIds: string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  const ids = sql.join(
    [...new Set(customerIds)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await db.execute(sql`
    update ${customers} c
    set total_spent = coalesce(p.total, 0), orders_count = coalesce(p.n, 0),
        first_purchase_on = p.first, last_purchase_on = p.last
    from (select c2.id,
                 (select sum(pu.amount) from ${purchases} pu join businesses b on b.id = pu.business_id
                   where pu.business_id = ${businessId} and pu.customer_id = c2.id and pu.currency = b.currency) as total,
                 (select count(*) from ${purchases} pu where pu.business_id = ${businessId} and pu.customer_id = c2.id) as n,
                 (select min(pu.purchased_on) from ${purchases} pu where pu.business_id = ${businessId} and pu.customer_id = c2.id) as first,
                 (select max(pu.purchased_on) from ${purchases} pu where pu.business_id = ${businessId} and pu.customer_id = c2.id) as last
          from ${customers} c2 where c2.business_id = ${businessId} and c2.id in (${ids})) p
    where c.id = p.id and c.business_id = ${businessId}`);
}

/**
 * Records a paid invoice as a purchase of its customer (one per invoice) with its lines as the items,
 * dated its issue date, for its total less what credit notes took off; a credit note issued later
 * lowers it again, and one that cancels the whole invoice removes it. Refreshes the customer's totals.
 * Does nothing for a document that is not a paid invoice with a customer. Call inside the transaction
 * that marked it paid or credited it.
 */
export async function recordInvoicePurchase(db: DbOrTx, row: typeof invoices.$inferSelect): Promise<void> {
  if (row.kind !== "invoice" || row.status !== "paid" || !row.customerId) return;
  const amount = row.total - row.amountCredited;
  if (amount <= 0) {
    await db.delete(purchases).where(eq(purchases.invoiceId, row.id));
    await refreshPurchaseTotals(db, row.businessId, [row.customerId]);
    return;
  }
  await db
    .insert(purchases)
    .values({
      businessId: row.businessId,
      customerId: row.customerId,
      source: "invoice",
      invoiceId: row.id,
      purchasedOn: row.issueDate ?? new Date().toISOString().slice(0, 10),
      amount,
      currency: row.currency,
      items: row.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unit: l.unit ?? null,
        total: l.total,
      })),
    })
    .onConflictDoUpdate({
      target: purchases.invoiceId,
      targetWhere: sql`${purchases.invoiceId} is not null`,
      set: { amount },
    });
  await refreshPurchaseTotals(db, row.businessId, [row.customerId]);
}
