import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { invoiceSettings } from "@/db/schema";
import type { InvoiceSettingsInput } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { deleteObject, getObject, putObject } from "@/server/services/storage";

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
      logoKey: null,
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

/** Largest logo accepted, in bytes. */
export const MAX_LOGO_BYTES = 512 * 1024;

/** The image format of `bytes` from its signature (PNG: 89 50 4E 47 0D 0A 1A 0A; JPEG: FF D8 FF), or null. */
export function logoFormatOf(bytes: Uint8Array): "png" | "jpg" | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => bytes[i] === b)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpg";
  return null;
}

/**
 * Sets (or, with null, removes) the logo printed on the business's invoices, quotes and credit notes: a
 * PNG or JPEG of at most 512 KB, checked by its content, stored under a new key (so PDFs drawn with the
 * old one are drawn again), the old file deleted. Output: the settings.
 * Errors: VALIDATION (field `logo`) for another format or a larger file.
 */
export async function setInvoiceLogo(
  db: DbOrTx,
  businessId: string,
  image: Uint8Array | null,
): Promise<InvoiceSettings> {
  if (image) {
    if (image.byteLength > MAX_LOGO_BYTES)
      throw new AppError("VALIDATION", "The logo is larger than 512 KB.", {
        logo: "Use an image of at most 512 KB.",
      });
    if (!logoFormatOf(image))
      throw new AppError("VALIDATION", "The logo must be a PNG or JPEG image.", {
        logo: "Use a PNG or JPEG image.",
      });
  }
  const before = await getInvoiceSettings(db, businessId);
  const key = image ? `${businessId.toLowerCase()}/${randomUUID()}` : null;
  if (image && key)
    await putObject(key, image, { contentType: logoFormatOf(image) === "png" ? "image/png" : "image/jpeg" });
  const [row] = await db
    .insert(invoiceSettings)
    .values({ businessId, logoKey: key, updatedAt: new Date() })
    .onConflictDoUpdate({ target: invoiceSettings.businessId, set: { logoKey: key, updatedAt: new Date() } })
    .returning();
  if (before.logoKey && before.logoKey !== key)
    await deleteObject(before.logoKey).catch((e) =>
      logger.warn({ err: e, businessId }, "old logo not deleted"),
    );
  logoCache.delete(before.logoKey ?? "");
  return row!;
}

const logoCache = new Map<string, { data: Uint8Array; format: "png" | "jpg" }>();

/** The logo stored under `key` with its format (cached in memory: keys never change content), or null. */
export async function invoiceLogo(
  key: string | null,
): Promise<{ data: Uint8Array; format: "png" | "jpg" } | null> {
  if (!key) return null;
  const cached = logoCache.get(key);
  if (cached) return cached;
  const data = await getObject(key);
  const format = data ? logoFormatOf(data) : null;
  if (!data || !format) return null;
  if (logoCache.size > 200) logoCache.delete(logoCache.keys().next().value!);
  logoCache.set(key, { data, format });
  return { data, format };
}
