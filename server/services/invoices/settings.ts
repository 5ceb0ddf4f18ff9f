import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { invoiceSettings } from "@/db/schema";
import type { InvoiceSettingsInput } from "@/server/domain/invoices";

export type InvoiceSettings = typeof invoiceSettings.$inferSelect;

/** A business's billing settings, or the defaults (India-style numbering, due on receipt) when unset. */
export async function getInvoiceSettings(db: DbOrTx, businessId: string): Promise<InvoiceSettings> {
  const [row] = await db
    .select()
    .from(invoiceSettings)
    .where(eq(invoiceSettings.businessId, businessId))
    .limit(1);
  return (
    row ?? {
      businessId,
      legalName: null,
      addressLines: [],
      gstin: null,
      stateCode: null,
      invoicePrefix: "INV",
      quotePrefix: "QUO",
      creditNotePrefix: "CN",
      fiscalYearStartMonth: 4,
      paymentTermsDays: 0,
      pricesIncludeTax: false,
      roundTotals: false,
      notes: null,
      terms: null,
      bankDetails: [],
      upiVpa: null,
      template: "classic",
      accentColor: null,
      reminderDays: [-3, 0, 3, 7],
      updatedAt: new Date(0),
    }
  );
}

/**
 * Changes a business's billing settings (fields left out stay). A GSTIN sets the state code from its first
 * two digits when no state is given. Output: the settings.
 */
export async function updateInvoiceSettings(
  db: DbOrTx,
  businessId: string,
  input: InvoiceSettingsInput,
): Promise<InvoiceSettings> {
  const values = { ...input, updatedAt: new Date() };
  if (input.gstin && !input.stateCode) values.stateCode = input.gstin.slice(0, 2);
  const [row] = await db
    .insert(invoiceSettings)
    .values({ businessId, ...values })
    .onConflictDoUpdate({ target: invoiceSettings.businessId, set: values })
    .returning();
  return row!;
}
