import { createHash } from "node:crypto";
import { leadFormMarkup } from "@/components/lead-forms/form-markup";
import { getDb } from "@/db/client";
import { LEAD_FORM_SYSTEM_KEYS } from "@/server/domain/lead-form-answers";
import { leadFormTexts, publicDefinition } from "@/server/domain/lead-forms";
import { corsHeaders, json, ownOrigins } from "@/server/http/lead-form-http";
import { leadFormPreflight } from "@/server/http/lead-form-preflight";
import { logger } from "@/server/logger";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { submissionOriginAllowed } from "@/server/services/lead-forms/intake/submit";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";

/*
 * GET /api/forms/{formId} (public, no key): a published form as a visitor's browser may see it —
 * `{ id, version, definition, texts, captcha, submitUrl }`; the definition has no mapping, recipients,
 * owner, auto-reply or task (`publicDefinition`). Cacheable: an ETag over the body and
 * `Cache-Control: public, max-age=60`, answered 304 on `If-None-Match`.
 * `?token=1` adds a fresh timing token (`token`) and `?html=1` the form's markup for the embed (`html`,
 * with that token in it); both make the answer `no-store`.
 * 404 for an unknown or never published form, 410 when it is closed, 403 for a page on a domain the
 * form does not allow; CORS from the form's allowed domains. Nothing about the business is in it.
 */

type Params = { params: Promise<{ formId: string }> };

export async function OPTIONS(req: Request, { params }: Params) {
  return leadFormPreflight(req, (await params).formId);
}

export async function GET(req: Request, { params }: Params) {
  const { formId } = await params;
  const origin = req.headers.get("origin");
  const url = new URL(req.url);
  try {
    const db = await getDb();
    const form = await loadPublishedForm(db, formId, new Date(), { captcha: true });
    if (!form)
      return json({ error: "not_found", message: leadFormTexts.en.notFound }, 404, corsHeaders(origin, true));
    const settings = form.definition.settings;
    const t = leadFormTexts[settings.language];
    const allowed = submissionOriginAllowed(origin, ownOrigins(req), settings.allowedDomains);
    if (!allowed)
      return json({ error: "forbidden_origin", message: t.failed }, 403, corsHeaders(origin, false));
    const cors = corsHeaders(origin, true);
    if (form.state !== "open") return json({ error: "closed", message: t.closed }, 410, cors);

    const captcha = form.captcha;
    const definition = publicDefinition(form.definition);
    const body: Record<string, unknown> = {
      id: form.formId,
      version: form.version,
      definition,
      texts: t,
      captcha: captcha ? { provider: captcha.provider, siteKey: captcha.siteKey } : null,
      submitUrl: `/api/forms/${form.formId}/submit`,
    };
    const wantsToken = url.searchParams.get("token") === "1";
    const wantsHtml = url.searchParams.get("html") === "1";
    if (!wantsToken && !wantsHtml) {
      const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27)}"`;
      const headers = { ...cors, ETag: etag, "Cache-Control": "public, max-age=60" };
      if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
      return Response.json(body, { headers });
    }
    const token = issueTimingToken(form.formId);
    body.token = token;
    if (wantsHtml) {
      body.html = await leadFormMarkup({
        definition,
        action: body.submitUrl as string,
        token,
        headingLevel: 2,
        idPrefix: `mcf-${form.formId.slice(0, 8)}`,
      });
      body.contextKey = LEAD_FORM_SYSTEM_KEYS.context;
    }
    return json(body, 200, cors);
  } catch (err) {
    logger.error({ err, formId }, "lead form definition could not be read");
    return json({ error: "unavailable", message: leadFormTexts.en.failed }, 503, corsHeaders(origin, false));
  }
}
