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
import { loadCaptcha } from "@/server/services/lead-forms/intake/captcha";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";
import { captchaScriptUrl } from "../captcha-script";

/*
 * GET /f/{formId}/embed: the iframe variant of a lead form — a small HTML document of its own (no app
 * JavaScript), which other sites may frame: `frame-ancestors` lists the form's allowed domains
 * (server/domain/lead-form-origins.ts), nothing else may frame it. The embed script opens it as
 * `?parent=<page origin>&page=<page URL>&ref=<page referrer>`: `parent` (only when the form allows it)
 * is where the document posts its height and the `submitted` message; `page` and `ref` are the
 * submission's context (UTM, `?source=`). The form posts without JavaScript and comes back here with
 * `?done=<id>` (thanks) or `?s=` (errors and values). 404 for an unknown form, 410 for a closed one.
 */

type Params = { params: Promise<{ formId: string }> };

const defaultFrame = { settings: { theme: leadFormThemeSchema.parse({}), language: "en" as const } };

function document(opts: {
  lang: string;
  rtl: boolean;
  title: string;
  body: string;
  data: Record<string, string>;
  nonce: string;
  extraScript?: string;
}): string {
  const attrs = Object.entries(opts.data)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join("");
  return `<!doctype html><html lang="${escapeHtml(opts.lang)}" dir="${opts.rtl ? "rtl" : "ltr"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(opts.title)}</title><style>html,body{margin:0;padding:0;background:transparent}</style></head><body${attrs}>${opts.body}<script nonce="${opts.nonce}">${FRAME_SCRIPT}</script>${opts.extraScript ?? ""}</body></html>`;
}

function answer(html: string, status: number, frameAncestors: string, nonce: string): Response {
  const headers = new Headers({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": contentSecurityPolicy(nonce, undefined, { leadForm: true, frameAncestors }),
  });
  for (const { key, value } of staticSecurityHeaders(undefined, { framing: false })) headers.set(key, value);
  return new Response(html, { status, headers });
}

export async function GET(req: Request, { params }: Params) {
  const { formId } = await params;
  const url = new URL(req.url);
  const q = (k: string) => url.searchParams.get(k)?.slice(0, 2_000) ?? "";
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  try {
    const db = await getDb();
    const form = await loadPublishedForm(db, formId);
    if (!form) {
      const body = await leadFormNoticeMarkup({
        definition: defaultFrame,
        title: "Form not found",
        message: leadFormTexts.en.notFound,
        headingLevel: 2,
      });
      return answer(
        document({ lang: "en", rtl: false, title: "Form not found", body, data: { form: formId }, nonce }),
        404,
        "'none'",
        nonce,
      );
    }
    const definition = publicDefinition(form.definition);
    const settings = definition.settings;
    const t = leadFormTexts[settings.language];
    const ancestors = frameAncestorSources(form.definition.settings.allowedDomains);
    const parentAsked = q("parent");
    const parent = originAllowed(parentAsked, form.definition.settings.allowedDomains)
      ? new URL(parentAsked).origin
      : "";
    const page = { lang: settings.language, rtl: t.rtl, title: settings.title, nonce };
    const data = { form: formId, parent };

    if (form.state !== "open" && !q("done")) {
      const body = await leadFormNoticeMarkup({
        definition,
        title: settings.title,
        message: t.closed,
        headingLevel: 2,
      });
      return answer(document({ ...page, body, data }), 410, ancestors, nonce);
    }
    const done = q("done");
    if (done) {
      const success = settings.success;
      const message = success.type === "message" && success.message.trim() ? success.message : t.thanks;
      const body = await leadFormNoticeMarkup({
        definition,
        title: settings.title,
        message,
        headingLevel: 2,
      });
      return answer(
        document({ ...page, body, data: { ...data, done: done.slice(0, 64) } }),
        200,
        ancestors,
        nonce,
      );
    }

    const state = decodeFormState(q("s"));
    const hidden: Record<string, string> = {};
    const pageUrl = q("page");
    const context =
      state?.context ??
      (pageUrl ? JSON.stringify({ landingPage: pageUrl, referrer: q("ref") || undefined }) : "");
    if (pageUrl) {
      // Hidden fields are filled from the host page's URL parameters.
      const landing = captureContext({ landingPage: pageUrl }).landingPage;
      if (landing) for (const [k, v] of new URL(landing).searchParams) hidden[k] = v.slice(0, 500);
    }
    const captcha = await loadCaptcha(db, form.businessId);
    const action = `/api/forms/${formId}/submit?${new URLSearchParams({ via: "embed", ...(parent ? { parent } : {}) })}`;
    const body = await leadFormMarkup({
      definition,
      action,
      token: issueTimingToken(formId),
      context,
      errors: state?.errors,
      formError: state?.formError,
      values: state?.values,
      hiddenValues: hidden,
      headingLevel: 2,
      captcha: captcha ? { provider: captcha.provider, siteKey: captcha.siteKey } : null,
    });
    const extraScript = captcha
      ? `<script src="${captchaScriptUrl(captcha.provider)}" async defer nonce="${nonce}"></script>`
      : "";
    return answer(
      document({ ...page, body, data: { ...data, view: state ? "" : "1" }, extraScript }),
      200,
      ancestors,
      nonce,
    );
  } catch (err) {
    logger.error({ err, formId }, "lead form iframe could not be rendered");
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
