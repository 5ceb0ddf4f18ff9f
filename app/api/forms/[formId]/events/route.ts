import { getDb } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { limitBody } from "@/server/http/body-limit";
import { corsHeaders, ownOrigins } from "@/server/http/lead-form-http";
import { leadFormPreflight } from "@/server/http/lead-form-preflight";
import { logger } from "@/server/logger";
import { chargeEvent } from "@/server/services/lead-forms/intake/limits";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { bumpDailyStat } from "@/server/services/lead-forms/intake/stats";
import { submissionOriginAllowed } from "@/server/services/lead-forms/intake/submit";

/*
 * POST /api/forms/{formId}/events (public, no key): `{ "type": "view" | "start" }` from the embed and the
 * iframe, counted in the form's daily stats (views: the form was shown; starts: the visitor first
 * touched a field). Sent as `text/plain` JSON (no CORS preflight; `navigator.sendBeacon` works too).
 * Always 204 for a published form on an allowed page, counted or not (over 120 events a minute per IP
 * are dropped); 404 for an unknown form, 403 for a page the form does not allow.
 */

type Params = { params: Promise<{ formId: string }> };

export async function OPTIONS(req: Request, { params }: Params) {
  return leadFormPreflight(req, (await params).formId);
}

export async function POST(req: Request, { params }: Params) {
  const { formId } = await params;
  const origin = req.headers.get("origin");
  try {
    const limited = await limitBody(req, 1024);
    if (limited instanceof Response) return limited;
    let type: unknown;
    try {
      type = (JSON.parse(await limited.text()) as { type?: unknown })?.type;
    } catch {
      type = undefined;
    }
    const db = await getDb();
    const form = await loadPublishedForm(db, formId);
    if (!form) return new Response(null, { status: 404, headers: corsHeaders(origin, true) });
    const allowed = submissionOriginAllowed(origin, ownOrigins(req), form.definition.settings.allowedDomains);
    if (!allowed) return new Response(null, { status: 403, headers: corsHeaders(origin, false) });
    const headers = { ...corsHeaders(origin, true), "Cache-Control": "no-store" };
    if (type !== "view" && type !== "start") return new Response(null, { status: 400, headers });
    if ((await chargeEvent(clientIp(req.headers))) === 0)
      await bumpDailyStat(db, form, type === "view" ? "views" : "starts");
    return new Response(null, { status: 204, headers });
  } catch (err) {
    logger.error({ err, formId }, "lead form event not counted");
    return new Response(null, { status: 503 });
  }
}
