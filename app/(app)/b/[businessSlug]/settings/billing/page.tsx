import type { Metadata } from "next";
import { BillingSettingsForm } from "@/components/invoices/billing-settings-form";
import { getDb } from "@/db/client";
import { getInvoiceSettings } from "@/server/services/invoices";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Billing settings" };

/** How the business bills (owners and admins): legal details, GST, numbering, terms, UPI and bank. */
export default async function BillingSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "invoices.manage");
  const s = await getInvoiceSettings(await getDb(), business.id);
  return (
    <BillingSettingsForm
      initial={{
        legalName: s.legalName,
        addressLines: s.addressLines,
        gstin: s.gstin,
        stateCode: s.stateCode,
        invoicePrefix: s.invoicePrefix,
        quotePrefix: s.quotePrefix,
        creditNotePrefix: s.creditNotePrefix,
        fiscalYearStartMonth: s.fiscalYearStartMonth,
        paymentTermsDays: s.paymentTermsDays,
        upiVpa: s.upiVpa,
        bankDetails: s.bankDetails,
        notes: s.notes,
        terms: s.terms,
        roundTotals: s.roundTotals,
        template: s.template,
        accentColor: s.accentColor,
      }}
    />
  );
}
