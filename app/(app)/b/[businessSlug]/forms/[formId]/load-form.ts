import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { Permission } from "@/server/auth/permissions";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getForm } from "@/server/services/lead-forms/forms";
import { loadBusinessWith } from "../../../../_lib/session";

/**
 * The business (for a role with `permission`) and its lead form, or `notFound()` (a malformed id,
 * another business's, or none). Memoized per request: the layout, metadata and the page share one query.
 */
export const loadForm = cache(async (businessSlug: string, formId: string, permission: Permission) => {
  const { business, role } = await loadBusinessWith(businessSlug, permission);
  if (!isUuid(formId)) notFound();
  try {
    return { business, role, form: await getForm(await getDb(), business.id, formId) };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});
