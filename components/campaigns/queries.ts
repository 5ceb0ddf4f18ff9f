import type { CampaignStatus } from "@/server/domain/campaigns";
import type { RecipientStatus } from "@/server/domain/recipient-status";

/*
 * The inputs of the queries the campaign pages prefetch on the server and ask for again in the browser,
 * built in one place so both land on the same query keys.
 */

/** The first page of the campaigns list, optionally of one status. */
export function campaignListInput(businessId: string, status?: CampaignStatus) {
  return status ? { businessId, status } : { businessId };
}

/** Where the next page of the campaigns list starts (none after the end). */
export const nextCampaignPage = {
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
};

/** The first page of a campaign's recipients, optionally of one status. */
export function recipientsInput(businessId: string, campaignId: string, status?: RecipientStatus) {
  return status ? { businessId, campaignId, status } : { businessId, campaignId };
}

/** Where the next page of recipients starts: after the last id seen (none after the end). */
export const nextRecipientsPage = {
  getNextPageParam: (last: { nextCursor: number | null }) => last.nextCursor ?? undefined,
};
