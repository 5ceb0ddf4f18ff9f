import { getDb } from "@/db/client";
import { logger } from "@/server/logger";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { submissionOriginAllowed } from "@/server/services/lead-forms/intake/submit";
import { corsHeaders, ownOrigins } from "./lead-form-http";

/**
 * The CORS preflight (OPTIONS) of the public lead form endpoints: 204 with the CORS headers when the
 * form is published and the page's origin is one of its allowed domains, else 403 without them.
 */
export async function leadFormPreflight(req: Request, formId: string): Promise<Response> {
  const origin = req.headers.get("origin");
  try {
    const form = await loadPublishedForm(await getDb(), formId);
    const allowed =
      !!form &&
      !!origin &&
      submissionOriginAllowed(origin, ownOrigins(req), form.definition.settings.allowedDomains);
    return new Response(null, { status: allowed ? 204 : 403, headers: corsHeaders(origin, allowed) });
  } catch (err) {
    logger.error({ err, formId }, "lead form preflight failed");
    return new Response(null, { status: 503 });
  }
}
