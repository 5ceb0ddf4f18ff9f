import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, invoices } from "@/db/schema";
import type { CustomerPurchases } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";

/**
 * What a customer has bought: every line of their paid invoices is a purchase. The summary counts paid
 * invoices in the business's currency as orders: total spent, number of orders, average order value
 * (rounded half up to a minor unit), first and last purchase dates (issue dates, `YYYY-MM-DD`). The list
 * is the lines of the latest `limit` paid invoices (default 20, at most 100), newest first. Money in
 * minor units. Errors: NOT_FOUND when the customer is not the business's.
 */
export async function customerPurchases(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  limit = 20,
): Promise<CustomerPurchases> {
  const [found] = await db
    .select({ currency: businesses.currency })
    .from(customers)
    .innerJoin(businesses, eq(businesses.id, customers.businessId))
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!found) throw new AppError("NOT_FOUND", "No such customer in this business.");
  const paid = and(
    eq(invoices.businessId, businessId),
    eq(invoices.customerId, customerId),
    eq(invoices.kind, "invoice"),
    eq(invoices.status, "paid"),
    eq(invoices.currency, found.currency),
  );
  const [summary] = await db
    .select({
      totalSpent: sql<string>`coalesce(sum(${invoices.total}), 0)`,
      orders: sql<number>`count(*)::int`,
      first: sql<string | null>`min(${invoices.issueDate})::text`,
      last: sql<string | null>`max(${invoices.issueDate})::text`,
    })
    .from(invoices)
    .where(paid);
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      lines: invoices.lines,
    })
    .from(invoices)
    .where(paid)
    .orderBy(desc(invoices.issueDate), desc(invoices.createdAt))
    .limit(Math.min(Math.max(limit, 1), 100));
  const totalSpent = Number(summary?.totalSpent ?? 0);
  const orders = summary?.orders ?? 0;
  return {
    currency: found.currency,
    totalSpent,
    orders,
    averageOrderValue: orders ? Math.round(totalSpent / orders) : 0,
    firstPurchaseOn: summary?.first ?? null,
    lastPurchaseOn: summary?.last ?? null,
    data: rows.flatMap((r) =>
      r.lines.map((l) => ({
        invoiceId: r.id,
        invoiceNumber: r.number ?? "",
        purchasedOn: r.issueDate ?? "",
        description: l.description,
        quantity: l.quantity,
        unit: l.unit ?? null,
        total: l.total,
      })),
    ),
  };
}
