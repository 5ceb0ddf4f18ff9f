import type { CSSProperties, ReactNode } from "react";
import { LEAD_FORM_SYSTEM_KEYS } from "@/server/domain/lead-form-answers";
import {
  type LeadFormLanguage,
  leadFormTexts,
  type PublicLeadFormDefinition,
} from "@/server/domain/lead-forms";
import { PublicFormField } from "./public-form-field";
import { publicFormCss, themeVariables } from "./public-form-style";

/**
 * A published lead form as visitors see it: the hosted page `/f/{formId}`, its iframe variant, the
 * builder's live preview and (as server-rendered markup placed in a shadow root) the embed. No hooks and
 * no client code: it renders on the server and works as a plain HTML form POST with JavaScript disabled.
 *
 * The form carries the system inputs the submit endpoint reads (server/domain/lead-form-answers.ts):
 * `_t` (the signed timing token), `_hp` (the honeypot: visually hidden, `aria-hidden`, out of the tab
 * order, autocomplete off; people never fill it) and `_ctx` (where the visitor came from, JSON).
 */
export interface PublicLeadFormProps {
  definition: PublicLeadFormDefinition;
  /** Where the form posts (e.g. `/api/forms/{formId}/submit`); absent in the preview. */
  action?: string;
  /** The signed timing token issued with the form. */
  token?: string;
  /** Error per field key, in the form's language (a 422's `errors`). */
  errors?: Record<string, string>;
  /** A message for the whole form (too many attempts, closed, …). */
  formError?: string;
  /** What the visitor sent before (values per field key), to fill the form again after an error. */
  values?: Record<string, unknown>;
  /** Values of hidden fields by URL parameter name (`field.param`, else the key). */
  hiddenValues?: Record<string, string>;
  /** Context JSON (`{ landingPage, referrer }`) put in `_ctx`. */
  context?: string;
  /** The builder's preview: no `<form>` element (nothing can be sent), hidden fields shown as notes. */
  preview?: boolean;
  /** Prefix of element ids (several forms on one page need different ones). Default `mcf`. */
  idPrefix?: string;
  /** The title's heading level: `h1` on the hosted page, `h2` when placed in another page. */
  headingLevel?: 1 | 2;
  /** A captcha widget to show (the business's site key); the page loads the provider's script. */
  captcha?: { provider: "turnstile" | "hcaptcha"; siteKey: string } | null;
  /** `page`: the form fills the page (hosted page, iframe); `inline` (default): a box in another page. */
  layout?: "inline" | "page";
}

/** What the frame reads of a definition: the look and the language. */
type FrameDefinition = { settings: Pick<PublicLeadFormDefinition["settings"], "theme" | "language"> };

/**
 * The themed frame of a form (colours, font, radius, light/dark/auto, direction of its language).
 * `layout="page"`: it fills the page (the hosted page, the iframe), the form centred in it.
 */
export function LeadFormFrame({
  definition,
  children,
  layout = "inline",
}: {
  definition: FrameDefinition;
  children: ReactNode;
  layout?: "inline" | "page";
}) {
  const { theme, language } = definition.settings;
  return (
    <div
      className="mcf"
      data-layout={layout}
      data-mode={theme.mode}
      dir={leadFormTexts[language].rtl ? "rtl" : "ltr"}
      lang={language}
      style={themeVariables(theme) as CSSProperties}
    >
      <style>{publicFormCss}</style>
      {children}
    </div>
  );
}

/** A form's title with a message under it (thank-you, closed, not found), in the form's look. */
export function LeadFormNotice({
  definition,
  title,
  message,
  headingLevel = 1,
  layout,
}: {
  definition: FrameDefinition;
  title: string;
  message: string;
  headingLevel?: 1 | 2;
  layout?: "inline" | "page";
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <LeadFormFrame definition={definition} layout={layout}>
      <div className="mcf-form" role="status">
        <Heading className="mcf-title">{title}</Heading>
        <p className="mcf-done">{message}</p>
      </div>
    </LeadFormFrame>
  );
}

/** The texts of a language (a helper for pages around the form). */
export function formTexts(language: LeadFormLanguage) {
  return leadFormTexts[language];
}

export function PublicLeadForm({
  definition,
  action,
  token,
  errors,
  formError,
  values,
  hiddenValues,
  context,
  preview = false,
  idPrefix = "mcf",
  headingLevel = 1,
  captcha,
  layout,
}: PublicLeadFormProps) {
  const { settings, fields } = definition;
  const t = leadFormTexts[settings.language];
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const titleId = `${idPrefix}-title`;
  const body = (
    <>
      <Heading className="mcf-title" id={titleId}>
        {settings.title}
      </Heading>
      {settings.description ? <p className="mcf-desc">{settings.description}</p> : null}
      <p className="mcf-alert" role="alert" data-form-error="">
        {formError ?? ""}
      </p>
      {fields.map((field) => (
        <PublicFormField
          key={field.key}
          field={field}
          idPrefix={idPrefix}
          value={values?.[field.key]}
          error={errors?.[field.key]}
          hiddenValue={hiddenValues?.[field.param || field.key]}
          preview={preview}
        />
      ))}
      <div className="mcf-hp" aria-hidden="true">
        <label htmlFor={`${idPrefix}-hp`}>Leave this field empty</label>
        <input
          id={`${idPrefix}-hp`}
          type="text"
          name={LEAD_FORM_SYSTEM_KEYS.honeypot}
          tabIndex={-1}
          autoComplete="off"
          defaultValue=""
        />
      </div>
      {preview ? null : (
        <>
          <input type="hidden" name={LEAD_FORM_SYSTEM_KEYS.token} value={token ?? ""} />
          <input type="hidden" name={LEAD_FORM_SYSTEM_KEYS.context} value={context ?? ""} />
        </>
      )}
      {captcha ? (
        <div
          className={captcha.provider === "turnstile" ? "cf-turnstile" : "h-captcha"}
          data-sitekey={captcha.siteKey}
          data-response-field-name={
            captcha.provider === "turnstile" ? LEAD_FORM_SYSTEM_KEYS.captcha : undefined
          }
          data-captcha={captcha.provider}
        />
      ) : null}
      <button
        className="mcf-submit"
        type={preview ? "button" : "submit"}
        aria-disabled={preview ? true : undefined}
        data-sending-label={t.sending}
      >
        {settings.submitLabel || t.submit}
      </button>
      <p className="mcf-status" role="status" aria-live="polite" data-form-status="" />
    </>
  );

  return (
    <LeadFormFrame definition={definition} layout={layout}>
      {preview ? (
        <section className="mcf-form" aria-labelledby={titleId}>
          {body}
        </section>
      ) : (
        <form
          className="mcf-form"
          method="post"
          action={action}
          acceptCharset="utf-8"
          aria-labelledby={titleId}
          data-lead-form=""
        >
          {body}
        </form>
      )}
    </LeadFormFrame>
  );
}
