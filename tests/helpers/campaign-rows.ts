import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { campaignRecipients, campaigns, customers } from "@/db/schema";

export type RecipientRow = typeof campaignRecipients.$inferSelect;

/** Inserts a customer of `businessId` with an email address (consent unknown unless given). */
export async function insertCustomer(
  db: Db,
  businessId: string,
  overrides: Partial<typeof customers.$inferInsert> = {},
) {
  const [row] = await db
    .insert(customers)
    .values({
      businessId,
      name: "Asha Rao",
      email: `asha-${randomUUID().slice(0, 8)}@example.com`,
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * Inserts an email campaign of `businessId` (status `sending`) and one `sent` recipient per customer,
 * each with a fresh Resend-style provider message id, straight into the tables (as the campaign
 * sender leaves them after a batch call). Output: the campaign and its recipients in customer order.
 */
export async function insertSentCampaign(
  db: Db,
  businessId: string,
  recipients: { id: string; email: string | null }[],
  opts: { name?: string } = {},
): Promise<{ campaign: typeof campaigns.$inferSelect; recipients: RecipientRow[] }> {
  const [campaign] = await db
    .insert(campaigns)
    .values({
      businessId,
      name: opts.name ?? "Diwali offer",
      channel: "email",
      status: "sending",
      audience: { type: "everyone" },
    })
    .returning();
  const rows = await db
    .insert(campaignRecipients)
    .values(
      recipients.map((c) => ({
        businessId,
        campaignId: campaign!.id,
        customerId: c.id,
        channel: "email" as const,
        address: c.email,
        status: "sent" as const,
        providerMessageId: randomUUID(),
        sentAt: new Date(),
        attempts: 1,
      })),
    )
    .returning();
  const order = new Map(recipients.map((c, i) => [c.id, i]));
  rows.sort((a, b) => order.get(a.customerId)! - order.get(b.customerId)!);
  return { campaign: campaign!, recipients: rows };
}
