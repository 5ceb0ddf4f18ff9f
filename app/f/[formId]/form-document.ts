import { leadFormMarkup, leadFormNoticeMarkup } from "@/components/lead-forms/form-markup";
import { FRAME_SCRIPT } from "@/components/lead-forms/frame-script";
import { getDb } from "@/db/client";
import { captureContext } from "@/server/domain/lead-form-answers";
import { frameAncestorSources, originAllowed } from "@/server/domain/lead-form-origins";
import { leadFormTexts, leadFormThemeSchema, publicDefinition } from "@/server/domain/lead-forms";
import { escapeHtml } from "@/server/domain/template-variables";
import { decodeFormState } from "@/server/http/lead-form-state";
import { contentSecurityPolicy, staticSecurityHeaders } from "@/server/http/security-headers";
import { logger } from "@/server/logger";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { bumpDailyStat } from "@/server/services/lead-forms/intake/stats";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";

/*
 * The public pages of a lead form as whole HTML documents, written by route handlers rather than app
 * router pages: they need their own status codes (404 unknown, 410 closed: a page cannot answer 410, and
 * a page's notFound() leaves a blank document when JavaScript is off), their own headers (the iframe's
 * `frame-ancestors`), the form's language and direction on <html>, and no app JavaScript at all (the
 * form works as a plain HTML form; the page is the form's markup and its inline stylesheet).
 * - `page`: the hosted page `/f/{formId}`; its URL parameters fill hidden fields, its URL and referrer
 *   are the context; a view is counted here (there may be no script to count it).
 * - `embed`: the iframe variant `/f/{formId}/embed` (see its route).
 * - `thanks`: `/f/{formId}/thanks`, after a no-JavaScript post from the hosted page.
 */

export type FormDocumentVariant = "page" | "embed" | "thanks";

const defaultFrame = { settings: { theme: leadFormThemeSchema.parse({}), language: "en" as const } };

/** A captcha provider's widget script (its documented URL). */
function captchaScriptUrl(provider: "turnstile" | "hcaptcha"): string {
  return provider === "turnstile"
    ? "https://challenges.cloudflare.com/turnstile/v0/api.js"
    : "https://js.hcaptcha.com/1/api.js";
}

interface DocumentParts {
  lang: string;
  rtl: boolean;
  title: string;
  body: string;
  nonce: string;
  /** `data-*` attributes of <body> (the iframe script's settings). */
  data?: Record<string, string>;
  scripts?: string;
  /** Page background: the form's, so the hosted page is the form's colour edge to edge. */
  background?: string;
  /** The form's description, as the page's meta description (link previews). */
  description?: string;
}

function html(p: DocumentParts): string {
  const attrs = Object.entries(p.data ?? {})
    .filter(([, v]) => v !== "")
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  const bg = p.background ? `background:${p.background}` : "background:transparent";
  return `<!doctype html><html lang="${escapeHtml(p.lang)}" dir="${p.rtl ? "rtl" : "ltr"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">${p.description ? `<meta name="description" content="${escapeHtml(p.description.slice(0, 300))}">` : ""}<link rel="icon" href="/icon.svg" type="image/svg+xml"><title>${escapeHtml(p.title)}</title><style>html,body{margin:0;padding:0;${bg}}</style></head><body${attrs}><main>${p.body}</main>${p.scripts ?? ""}</body></html>`;
}

function respond(body: string, status: number, nonce: string, frameAncestors: string | null): Response {
  const headers = new Headers({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": contentSecurityPolicy(nonce, undefined, {
      leadForm: true,
      frameAncestors: frameAncestors ?? "'none'",
    }),
  });
  for (const { key, value } of staticSecurityHeaders(undefined, { framing: frameAncestors === null }))
    headers.set(key, value);
  return new Response(body, { status, headers });
}

/**
 * Answers GET of a form's public page (`variant`). Output: the HTML document — 200; 404 for an unknown
 * or never published form; 410 when it is closed (the thank-you page still answers 200) — or a plain 503
 * when the database cannot be read (never a 500).
 */
export async function formDocument(
  req: Request,
  formId: string,
  variant: FormDocumentVariant,
): Promise<Response> {
  const url = new URL(req.url);
  const q = (k: string) => url.searchParams.get(k)?.slice(0, 2_000) ?? "";
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const embed = variant === "embed";
  const headingLevel = embed ? 2 : 1;
  const layout = embed ? ("inline" as const) : ("page" as const);
  const frameScript = `<script nonce="${nonce}">${FRAME_SCRIPT}</script>`;
  try {
    const db = await getDb();
    const form = await loadPublishedForm(db, formId, new Date(), { captcha: true });
    if (!form) {
      const body = await leadFormNoticeMarkup({
        definition: defaultFrame,
        title: "Form not found",
        message: leadFormTexts.en.notFound,
        headingLevel,
        layout,
      });
      const parts = { lang: "en", rtl: false, title: "Form not found", body, nonce };
      return respond(
        html(embed ? { ...parts, data: { form: formId }, scripts: frameScript } : parts),
        404,
        nonce,
        embed ? "'none'" : null,
      );
    }
    const definition = publicDefinition(form.definition);
    const settings = definition.settings;
    const t = leadFormTexts[settings.language];
    const allowed = form.definition.settings.allowedDomains;
    const ancestors = embed ? frameAncestorSources(allowed) : null;
    const parentAsked = q("parent");
    const parent = embed && originAllowed(parentAsked, allowed) ? new URL(parentAsked).origin : "";
    const base = {
      lang: settings.language,
      rtl: t.rtl,
      title: settings.title,
      nonce,
      background: embed ? undefined : settings.theme.backgroundColor,
      description: settings.description || undefined,
    };
    const data = embed ? { form: formId, parent } : undefined;
    const notice = async (message: string) =>
      leadFormNoticeMarkup({ definition, title: settings.title, message, headingLevel, layout });
    const success = settings.success;
    const thanks = success.type === "message" && success.message.trim() ? success.message : t.thanks;

    if (variant === "thanks") return respond(html({ ...base, body: await notice(thanks) }), 200, nonce, null);
    const done = embed ? q("done").slice(0, 64) : "";
    if (done)
      return respond(
        html({ ...base, body: await notice(thanks), data: { ...data, done }, scripts: frameScript }),
        200,
        nonce,
        ancestors,
      );
    if (form.state !== "open")
      return respond(
        html({ ...base, body: await notice(t.closed), data, scripts: embed ? frameScript : "" }),
        410,
        nonce,
        ancestors,
      );

    const state = decodeFormState(q("s"));
    // Hidden fields take the landing page's URL parameters; the landing page and its referrer are the context.
    const landing = embed ? q("page") : url.toString();
    const referrer = embed ? q("ref") : (req.headers.get("referer") ?? "");
    const hidden: Record<string, string> = {};
    const landingUrl = captureContext({ landingPage: landing }).landingPage;
    if (landingUrl)
      for (const [k, v] of new URL(landingUrl).searchParams) if (k !== "s") hidden[k] = v.slice(0, 500);
    const context =
      state?.context ??
      (landingUrl ? JSON.stringify({ landingPage: landingUrl, referrer: referrer || undefined }) : "");
    if (!embed && !state)
      await bumpDailyStat(db, form, "views").catch((err) => logger.warn({ err, formId }, "view not counted"));

    const captcha = form.captcha;
    const action = embed
      ? `/api/forms/${formId}/submit?${new URLSearchParams({ via: "embed", ...(parent ? { parent } : {}) })}`
      : `/api/forms/${formId}/submit`;
    const body = await leadFormMarkup({
      definition,
      action,
      token: issueTimingToken(formId),
      context,
      errors: state?.errors,
      formError: state?.formError,
      values: state?.values,
      hiddenValues: hidden,
      headingLevel,
      layout,
      captcha: captcha ? { provider: captcha.provider, siteKey: captcha.siteKey } : null,
    });
    const captchaScript = captcha
      ? `<script src="${captchaScriptUrl(captcha.provider)}" async defer nonce="${nonce}"></script>`
      : "";
    return respond(
      html({
        ...base,
        body,
        data: embed ? { ...data, view: state ? "" : "1" } : undefined,
        scripts: `${embed ? frameScript : ""}${captchaScript}`,
      }),
      200,
      nonce,
      ancestors,
    );
  } catch (err) {
    logger.error({ err, formId, variant }, "lead form page could not be rendered");
    return new Response("This form is not available right now. Try again shortly.", {
      status: 503,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "Retry-After": "30",
      },
    });
  }
}
