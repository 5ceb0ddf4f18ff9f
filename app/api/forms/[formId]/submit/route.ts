import { getDb } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { leadFormTexts } from "@/server/domain/lead-forms";
import { corsHeaders, json, ownOrigins, readSubmissionBody } from "@/server/http/lead-form-http";
import { leadFormPreflight } from "@/server/http/lead-form-preflight";
import { encodeFormState } from "@/server/http/lead-form-state";
import { logger } from "@/server/logger";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import {
  receiveSubmission,
  type SubmissionOutcome,
  submissionOriginAllowed,
} from "@/server/services/lead-forms/intake/submit";

/*
 * POST /api/forms/{formId}/submit (public, no key): a visitor's answers.
 * - JSON (the embed): 201 `{ id }`; 422 `{ errors: { field: message }, formError?, token? }` in the form's
 *   language (`token`: a fresh timing token when the old one expired); 429 with `Retry-After`; 404 for
 *   an unknown form; 410 when it is closed (by the business, its limit or its closing date); 403 for an
 *   origin the form does not allow; 409 for a timing token used before; 413 over 64 KiB.
 * - A form post (the no-JavaScript page): 303 to the thank-you page (or the form's redirect URL), or back
 *   to the form with the errors and the visitor's values (`?s=`, server/http/lead-form-state.ts).
 *   `?via=embed&parent=<origin>` (the iframe variant) keeps the visitor inside `/f/{formId}/embed`.
 * Spam is stored and answered like a success. Never a 500: a failure of ours is a 503.
 */

type Params = { params: Promise<{ formId: string }> };

export async function OPTIONS(req: Request, { params }: Params) {
  return leadFormPreflight(req, (await params).formId);
}

function statusOf(outcome: SubmissionOutcome): number {
  switch (outcome.kind) {
    case "accepted":
      return 201;
    case "invalid":
      return 422;
    case "not_found":
      return 404;
    case "closed":
      return 410;
    case "forbidden_origin":
      return 403;
    case "rate_limited":
      return 429;
    case "replayed":
      return 409;
  }
}

function jsonAnswer(outcome: SubmissionOutcome, cors: Record<string, string>): Response {
  const t = leadFormTexts["form" in outcome ? outcome.form.definition.settings.language : "en"];
  const status = statusOf(outcome);
  switch (outcome.kind) {
    case "accepted":
      return json({ id: outcome.id }, status, cors);
    case "invalid":
      return json(
        {
          errors: outcome.errors,
          ...(outcome.formError ? { formError: outcome.formError } : {}),
          ...(outcome.token ? { token: outcome.token } : {}),
        },
        status,
        cors,
      );
    case "not_found":
      return json({ error: "not_found", message: t.notFound }, status, cors);
    case "closed":
      return json({ error: "closed", message: t.closed }, status, cors);
    case "forbidden_origin":
      return json({ error: "forbidden_origin", message: t.failed }, status, corsHeaders(null, false));
    case "rate_limited":
      return json({ error: "rate_limited", message: t.tooMany }, status, {
        ...cors,
        "Retry-After": String(outcome.retryAfter),
      });
    case "replayed":
      return json({ error: "replayed", message: t.failed }, status, cors);
  }
}

/** Where a no-JavaScript post goes next (a relative Location, RFC 9110 §10.2.2, except an off-site redirect). */
function formAnswer(
  outcome: SubmissionOutcome,
  formId: string,
  fields: Record<string, unknown>,
  embed: { parent: string | null } | null,
): Response {
  const base = embed ? `/f/${formId}/embed` : `/f/${formId}`;
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams(extra);
    if (embed?.parent) q.set("parent", embed.parent);
    const s = q.toString();
    return s ? `?${s}` : "";
  };
  const see = (location: string) =>
    new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
  const back = (errors: Record<string, string>, formError?: string) => {
    const values: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(fields))
      if (!k.startsWith("_") && (typeof v === "string" || Array.isArray(v)))
        values[k] = v as string | string[];
    const context = typeof fields._ctx === "string" ? fields._ctx : undefined;
    return see(`${base}${query({ s: encodeFormState({ errors, formError, values, context }) })}`);
  };
  switch (outcome.kind) {
    case "accepted": {
      const success = outcome.form.definition.settings.success;
      if (success.type === "redirect" && !embed) return see(success.url);
      return see(embed ? `${base}${query({ done: outcome.id })}` : `/f/${formId}/thanks`);
    }
    case "replayed":
      // The same form sent twice (back button): the first one was received.
      return see(embed ? `${base}${query({ done: "1" })}` : `/f/${formId}/thanks`);
    case "invalid":
      return back(outcome.errors, outcome.formError);
    case "rate_limited":
      return back({}, leadFormTexts[outcome.form.definition.settings.language].tooMany);
    case "not_found":
    case "closed":
      return see(base);
    case "forbidden_origin":
      return new Response("This form cannot be sent from this page.", {
        status: 403,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
  }
}

export async function POST(req: Request, { params }: Params) {
  const { formId } = await params;
  const origin = req.headers.get("origin");
  const url = new URL(req.url);
  try {
    const body = await readSubmissionBody(req);
    if (body instanceof Response) return body;
    const db = await getDb();
    const outcome = await receiveSubmission(db, {
      formId,
      fields: body.fields,
      origin,
      ownOrigins: ownOrigins(req),
      ip: clientIp(req.headers),
      referer: req.headers.get("referer"),
    });
    if (body.kind === "form") {
      const parent = url.searchParams.get("parent");
      const embed =
        url.searchParams.get("via") === "embed" ? { parent: parent?.slice(0, 300) ?? null } : null;
      return formAnswer(outcome, formId, body.fields, embed);
    }
    const allowed = outcome.kind !== "forbidden_origin" && outcome.kind !== "not_found";
    return jsonAnswer(outcome, corsHeaders(origin, allowed || outcome.kind === "not_found"));
  } catch (err) {
    logger.error({ err, formId }, "lead form submission failed");
    let cors = corsHeaders(null, false);
    try {
      const form = await loadPublishedForm(await getDb(), formId);
      if (form && submissionOriginAllowed(origin, ownOrigins(req), form.definition.settings.allowedDomains))
        cors = corsHeaders(origin, true);
    } catch {
      // The database is down: the answer goes without CORS.
    }
    return json({ error: "unavailable", message: leadFormTexts.en.failed }, 503, {
      ...cors,
      "Retry-After": "30",
    });
  }
}
