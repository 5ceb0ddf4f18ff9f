import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { Permission } from "@/server/auth/permissions";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getCampaign } from "@/server/services/campaigns";
import { loadBusinessWith } from "../../../../_lib/session";

/**
 * The business (for a role with `permission`) and its campaign, or `notFound()` (a malformed id, another
 * business's, or none). Memoized per request: metadata and the page share one query.
 */
export const loadCampaign = cache(
  async (businessSlug: string, campaignId: string, permission: Permission) => {
    const { business, role } = await loadBusinessWith(businessSlug, permission);
    if (!isUuid(campaignId)) notFound();
    try {
      return { business, role, campaign: await getCampaign(await getDb(), business.id, campaignId) };
    } catch (e) {
      if (isAppError(e) && e.code === "NOT_FOUND") notFound();
      throw e;
    }
  },
);
