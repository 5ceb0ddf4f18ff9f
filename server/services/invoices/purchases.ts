import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, invoices, purchases } from "@/db/schema";
import type { CustomerPurchases } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";

/**
 * What a customer has bought: their purchases (every paid invoice, and orders imported from a
 * spreadsheet), newest first, each with its items; and the totals kept on the customer: total spent (in
 * the business's currency), number of orders, average order value (rounded half up to a minor unit),
 * first and last purchase dates (`YYYY-MM-DD`). The list holds the items of the latest `limit` orders
 * (default 20, at most 100). Money in minor units. Errors: NOT_FOUND when the customer is not the
 * business's.
 */
export async function customerPurchases(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  limit = 20,
): Promise<CustomerPurchases> {
  const [found] = await db
    .select({
      currency: businesses.currency,
      totalSpent: customers.totalSpent,
      orders: customers.ordersCount,
      first: customers.firstPurchaseOn,
      last: customers.lastPurchaseOn,
    })
    .from(customers)
    .innerJoin(businesses, eq(businesses.id, customers.businessId))
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!found) throw new AppError("NOT_FOUND", "No such customer in this business.");
  const rows = await db
    .select({
      invoiceId: purchases.invoiceId,
      orderId: purchases.orderId,
      number: invoices.number,
      purchasedOn: purchases.purchasedOn,
      amount: purchases.amount,
      currency: purchases.currency,
      items: purchases.items,
    })
    .from(purchases)
    .leftJoin(invoices, eq(invoices.id, purchases.invoiceId))
    .where(and(eq(purchases.businessId, businessId), eq(purchases.customerId, customerId)))
    .orderBy(desc(purchases.purchasedOn), desc(purchases.createdAt))
    .limit(Math.min(Math.max(limit, 1), 100));
  const { totalSpent, orders } = found;
  return {
    currency: found.currency,
    totalSpent,
    orders,
    averageOrderValue: orders ? Math.round(totalSpent / orders) : 0,
    firstPurchaseOn: found.first,
    lastPurchaseOn: found.last,
    data: rows.flatMap((r) => {
      const items = r.items.length
        ? r.items
        : [{ description: "Order", quantity: "1", unit: null, total: r.amount }];
      return items.map((l) => ({
        invoiceId: r.invoiceId,
        invoiceNumber: r.number ?? r.orderId ?? "",
        orderId: r.orderId,
        purchasedOn: r.purchasedOn,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit ?? null,
        total: l.total ?? (items.length === 1 ? r.amount : null),
        currency: r.currency,
      }));
    }),
  };
}
