import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns } from "@/db/schema";
import { AppError } from "@/server/errors";

/* A campaign row: loading one of a business, and its API shape. */

export type CampaignRow = typeof campaigns.$inferSelect;

/** A campaign as the API returns it. */
export type CampaignOutput = Omit<CampaignRow, "businessId" | "createdBy"> & { createdBy: string | null };

export function toOutput(row: CampaignRow): CampaignOutput {
  const { businessId: _b, ...rest } = row;
  return rest;
}

export const usesEmail = (channel: CampaignRow["channel"]) => channel !== "whatsapp";
export const usesWhatsapp = (channel: CampaignRow["channel"]) => channel !== "email";

/** One campaign of the business. Errors: NOT_FOUND. */
export async function campaignRow(db: DbOrTx, businessId: string, campaignId: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
  if (!row) throw new AppError("NOT_FOUND", "No such campaign in this business.");
  return row;
}
