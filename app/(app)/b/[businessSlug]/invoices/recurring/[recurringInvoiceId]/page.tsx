import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RecurringInvoiceEditor } from "@/components/invoices/recurring-invoice-editor";
import { getDb } from "@/db/client";
import { AppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getRecurringInvoice, todayIn } from "@/server/services/invoices";
import { loadBusinessWith } from "../../../../../_lib/session";

export const metadata: Metadata = { title: "Recurring invoice" };

/** Changes a recurring invoice of the business (404 for another business's or an unknown id). */
export default async function RecurringInvoicePage({
  params,
}: {
  params: Promise<{ businessSlug: string; recurringInvoiceId: string }>;
}) {
  const { businessSlug, recurringInvoiceId } = await params;
  const { business } = await loadBusinessWith(businessSlug, "invoices.write");
  if (!isUuid(recurringInvoiceId)) notFound();
  const r = await getRecurringInvoice(await getDb(), business.id, recurringInvoiceId).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") return null;
    throw e;
  });
  if (!r) notFound();
  return (
    <RecurringInvoiceEditor
      today={todayIn(business.timeZone)}
      profile={{
        id: r.id,
        name: r.name,
        customer: r.customerId && r.customerName ? { id: r.customerId, name: r.customerName } : null,
        frequency: r.frequency,
        intervalDays: r.intervalDays,
        dayOfMonth: r.dayOfMonth,
        startDate: r.startDate,
        endAfterCount: r.endAfterCount,
        endOn: r.endOn,
        autoSend: r.autoSend,
        paymentTermsDays: r.paymentTermsDays,
        notes: r.notes,
        lines: r.lines,
      }}
    />
  );
}
