import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, products } from "@/db/schema";
import type { User } from "@/server/services/auth";
import type { Business } from "@/server/services/businesses";
import { createDraft, issueInvoice, recordPayment, updateInvoiceSettings } from "@/server/services/invoices";
import { createProduct, type ProductRow } from "@/server/services/products";

const gst = (rate: number) => [{ name: "GST", rateBasisPoints: rate }];

/** The clinic's catalog: services with their SAC codes and GST rates, prices in paise. */
const catalog = [
  { name: "Consultation", unitPrice: 80_000, unit: "visit", hsnSac: "999312", taxes: gst(1800) },
  { name: "Blood test (CBC)", unitPrice: 45_000, unit: "test", hsnSac: "999316", taxes: gst(1800) },
  { name: "Physiotherapy session", unitPrice: 120_000, unit: "session", hsnSac: "999319", taxes: gst(1800) },
  {
    name: "Health check-up package",
    unitPrice: 350_000,
    unit: "package",
    hsnSac: "999316",
    taxes: gst(1800),
  },
];

/** `days` before today, as `YYYY-MM-DD` (UTC). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Billing for the demo clinic (once: skipped when it has a catalog): its GSTIN in Maharashtra, a UPI id,
 * four services, and invoices in every state: paid, partly paid, overdue, due, a draft, and a quote.
 * Output: how many invoices it made.
 */
export async function seedInvoices(db: Db, business: Business, owner: User): Promise<{ created: number }> {
  const [existing] = await db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.businessId, business.id))
    .limit(1);
  if (existing) return { created: 0 };
  const actor = { businessId: business.id, userId: owner.id };
  await updateInvoiceSettings(db, business.id, {
    legalName: `${business.name} LLP`,
    addressLines: ["14 FC Road, Shivajinagar", "Pune 411005, Maharashtra"],
    gstin: "27AAPFU0939F1ZV",
    stateCode: "27",
    paymentTermsDays: 7,
    upiVpa: "clinic@okhdfcbank",
    bankDetails: [
      { label: "Account", value: "50100123456789" },
      { label: "IFSC", value: "HDFC0000123" },
    ],
    terms: "Payable within 7 days. Thank you for choosing us.",
  });
  const items: ProductRow[] = [];
  for (const p of catalog) items.push(await createProduct(db, business.id, p));
  const line = (i: number, quantity = "1") => {
    const p = items[i]!;
    return {
      description: p.name,
      hsnSac: p.hsnSac,
      quantity,
      unit: p.unit,
      unitPrice: p.unitPrice,
      taxes: p.taxes,
    };
  };
  const people = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.businessId, business.id), isNull(customers.deletedAt)))
    .orderBy(asc(customers.createdAt))
    .limit(6);
  if (people.length < 6) return { created: 0 };
  const plans: {
    customer: number;
    lines: ReturnType<typeof line>[];
    issuedDaysAgo?: number;
    paid?: "all" | "part";
    kind?: "quote";
  }[] = [
    { customer: 0, lines: [line(0), line(1)], issuedDaysAgo: 20, paid: "all" },
    { customer: 1, lines: [line(2, "4")], issuedDaysAgo: 12, paid: "part" },
    { customer: 2, lines: [line(0), line(3)], issuedDaysAgo: 30 },
    { customer: 3, lines: [line(1, "2")], issuedDaysAgo: 2 },
    { customer: 4, lines: [line(2, "6")] },
    { customer: 5, lines: [line(3)], issuedDaysAgo: 1, kind: "quote" },
  ];
  for (const plan of plans) {
    const draft = await createDraft(db, actor, {
      kind: plan.kind ?? "invoice",
      customerId: people[plan.customer]!.id,
      lines: plan.lines,
      ...(plan.issuedDaysAgo !== undefined ? { issueDate: daysAgo(plan.issuedDaysAgo) } : {}),
    });
    if (plan.issuedDaysAgo === undefined) continue;
    const issued = await issueInvoice(db, actor, draft.id);
    if (plan.paid)
      await recordPayment(db, actor, {
        invoiceId: issued.id,
        amount: plan.paid === "all" ? issued.total : Math.round(issued.total / 2),
        method: "upi",
        paidOn: daysAgo(Math.max(0, plan.issuedDaysAgo - 3)),
        reference: "UPI 4021 7788 1234",
      });
  }
  return { created: plans.length };
}
