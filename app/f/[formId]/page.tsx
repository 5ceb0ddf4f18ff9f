import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { LeadFormNotice, PublicLeadForm } from "@/components/lead-forms/public-form";
import { getDb } from "@/db/client";
import { leadFormTexts, publicDefinition } from "@/server/domain/lead-forms";
import { decodeFormState } from "@/server/http/lead-form-state";
import { logger } from "@/server/logger";
import { loadCaptcha } from "@/server/services/lead-forms/intake/captcha";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";
import { bumpDailyStat } from "@/server/services/lead-forms/intake/stats";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";
import { captchaScriptUrl } from "./captcha-script";

/*
 * The hosted page of a lead form, `/f/{formId}`: server-rendered, mobile-first, and a plain HTML form
 * that works with JavaScript disabled (it posts to /api/forms/{formId}/submit, which answers with a
 * redirect to the thank-you page or back here with `?s=` holding the errors and the visitor's values).
 * URL parameters fill the form's hidden fields; the page's own URL and referrer are the submission's
 * context (UTM, `?source=`). Each first view is counted. A closed form shows a friendly notice (the
 * API answers it with 410; a page of the app router cannot set that status); an unknown form is a 404.
 */

type Props = {
  params: Promise<{ formId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const dynamic = "force-dynamic";

const loadForm = cache(async (formId: string) => loadPublishedForm(await getDb(), formId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const form = await loadForm((await params).formId);
  return {
    title: { absolute: form?.definition.settings.title ?? "Form not found" },
    robots: { index: false },
  };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function HostedLeadFormPage({ params, searchParams }: Props) {
  const { formId } = await params;
  const query = await searchParams;
  const form = await loadForm(formId);
  if (!form) notFound();
  const definition = publicDefinition(form.definition);
  const t = leadFormTexts[definition.settings.language];
  if (form.state !== "open")
    return (
      <LeadFormNotice
        definition={definition}
        title={definition.settings.title}
        message={t.closed}
        layout="page"
      />
    );

  const h = await headers();
  const state = decodeFormState(first(query.s));
  const hiddenValues: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const value = first(v);
    if (k !== "s" && typeof value === "string") hiddenValues[k] = value.slice(0, 500);
  }
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? (process.env.APP_URL?.startsWith("https:") ? "https" : "http");
  const search = new URLSearchParams(hiddenValues).toString();
  const context =
    state?.context ??
    JSON.stringify({
      landingPage: `${proto}://${host}/f/${formId}${search ? `?${search}` : ""}`,
      referrer: h.get("referer") ?? undefined,
    });
  const db = await getDb();
  if (!state)
    await bumpDailyStat(db, form, "views").catch((err) => logger.warn({ err, formId }, "view not counted"));
  const captcha = await loadCaptcha(db, form.businessId);
  const nonce = h.get("x-nonce") ?? undefined;

  return (
    <>
      <PublicLeadForm
        definition={definition}
        action={`/api/forms/${formId}/submit`}
        token={issueTimingToken(formId)}
        context={context}
        errors={state?.errors}
        formError={state?.formError}
        values={state?.values}
        hiddenValues={hiddenValues}
        captcha={captcha ? { provider: captcha.provider, siteKey: captcha.siteKey } : null}
        layout="page"
      />
      {captcha ? <script src={captchaScriptUrl(captcha.provider)} async defer nonce={nonce} /> : null}
    </>
  );
}
