import type { Metadata } from "next";
import { BillingSettingsForm } from "@/components/invoices/billing-settings-form";
import { InvoiceLogoForm } from "@/components/invoices/invoice-logo-form";
import { RazorpayAccountForm, StripeAccountForm } from "@/components/invoices/payment-accounts-forms";
import { getDb } from "@/db/client";
import { getInvoiceSettings, invoiceLogo } from "@/server/services/invoices";
import { getPaymentAccounts } from "@/server/services/payments";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Billing settings" };

/**
 * How the business bills (owners and admins): legal details, GST, numbering, terms, UPI and bank, the PDF
 * template, and the Stripe and Razorpay keys for online payments.
 */
export default async function BillingSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "invoices.manage");
  const db = await getDb();
  const s = await getInvoiceSettings(db, business.id);
  const accounts = await getPaymentAccounts(db, business.id);
  const logo = await invoiceLogo(s.logoKey);
  return (
    <div className="grid gap-6">
      <InvoiceLogoForm
        businessId={business.id}
        businessSlug={business.slug}
        logoDataUrl={
          logo
            ? `data:image/${logo.format === "png" ? "png" : "jpeg"};base64,${Buffer.from(logo.data).toString("base64")}`
            : null
        }
      />
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
          reminderDays: s.reminderDays,
        }}
      />
      <section aria-labelledby="online-payments" className="grid gap-4">
        <div>
          <h2 id="online-payments" className="text-lg font-semibold">
            Online payments
          </h2>
          <p className="text-sm text-muted-foreground">
            Connect a provider and the invoice link gets a Pay button. Keys are stored encrypted and never
            shown again.
          </p>
        </div>
        <StripeAccountForm businessId={business.id} businessSlug={business.slug} account={accounts.stripe} />
        <RazorpayAccountForm
          businessId={business.id}
          businessSlug={business.slug}
          account={accounts.razorpay}
        />
      </section>
    </div>
  );
}
