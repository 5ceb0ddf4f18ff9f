import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  createLeadFormInput,
  formAnalyticsInput,
  formAnalyticsOutput,
  formIdInput,
  leadFormOutput,
  leadFormSummaryOutput,
  listSubmissionsInput,
  submissionDetailOutput,
  submissionIdInput,
  submissionPageOutput,
  updateLeadFormInput,
} from "@/server/domain/lead-form-contracts";
import { formAnalytics } from "@/server/services/lead-forms/analytics";
import * as forms from "@/server/services/lead-forms/forms";
import {
  captchaSettingsInput,
  getCaptchaSettings,
  setCaptchaSettings,
} from "@/server/services/lead-forms/intake/captcha";
import { closeForm, publishForm, reopenForm } from "@/server/services/lead-forms/publish";
import * as submissions from "@/server/services/lead-forms/submissions";

const tags = ["Lead forms"];
const captchaView = z.object({
  provider: captchaSettingsInput.shape.provider,
  siteKey: z.string(),
  secret: z.string(),
  updatedAt: z.date(),
});
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});
const openapi = (
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: `/${string}`,
  summary: string,
  description?: string,
) => ({
  openapi: { method, path, protect: true, tags, summary, ...(description ? { description } : {}) },
});

/**
 * Lead forms, the business's side: build (draft), publish, close, read submissions and figures. Reading
 * forms, submissions and analytics needs `forms.read` (every member); changing forms and sending a
 * submission to processing again need `forms.manage` (owners, admins and API keys).
 */
export const leadFormsRouter = createTRPCRouter({
  /** The business's forms, newest first, with status, submissions, views and conversion rate. */
  list: requirePermission("forms.read")
    .meta(openapi("GET", "/forms", "List lead forms"))
    .input(z.object(business))
    // One page with every form (at most LEAD_FORMS_MAX), in the shape of every list.
    .output(z.object({ data: z.array(leadFormSummaryOutput), nextCursor: z.null(), total: z.number().int() }))
    .query(async ({ ctx }) => {
      const data = await forms.listForms(ctx.db, ctx.businessId);
      return { data, nextCursor: null, total: data.length };
    }),
  /** One form with its draft definition and the version that is live. */
  get: requirePermission("forms.read")
    .meta(openapi("GET", "/forms/{formId}", "Get a lead form"))
    .input(formIdInput.extend(business))
    .output(leadFormOutput)
    .query(({ ctx, input }) => forms.getForm(ctx.db, ctx.businessId, input.formId)),
  /** Creates a draft form (default fields: name, email, phone); 400 names the path of each mistake. */
  create: requirePermission("forms.manage")
    .meta(
      openapi(
        "POST",
        "/forms",
        "Create a lead form",
        "A draft: give `definition` (`{ fields, settings }`) or get name, email and phone fields. Publish it to take submissions.",
      ),
    )
    .input(createLeadFormInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return forms.createForm(ctx.db, actorOf(ctx), fields);
    }),
  /** Renames a form or replaces its draft; the live version changes only when it is published again. */
  update: requirePermission("forms.manage")
    .meta(
      openapi(
        "PATCH",
        "/forms/{formId}",
        "Update a lead form",
        "Renames the form and/or replaces its draft `definition`. Visitors keep seeing the published version until `POST /forms/{formId}/publish`.",
      ),
    )
    .input(updateLeadFormInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return forms.updateForm(ctx.db, actorOf(ctx), fields);
    }),
  /** Copies a form's draft as "<name> (copy)". */
  duplicate: requirePermission("forms.manage")
    .input(formIdInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => forms.duplicateForm(ctx.db, actorOf(ctx), input.formId)),
  /** Deletes a form with its submissions (the customers it made stay). */
  delete: requirePermission("forms.manage")
    .meta(openapi("DELETE", "/forms/{formId}", "Delete a lead form"))
    .input(formIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => forms.deleteForm(ctx.db, ctx.businessId, input.formId)),
  /** Publishes the draft as the next version, live at once (also reopens a closed form). */
  publish: requirePermission("forms.manage")
    .meta(
      openapi(
        "POST",
        "/forms/{formId}/publish",
        "Publish a lead form",
        "Stores the draft as version N+1 and serves it. 400 when it cannot make a customer (no field mapped to name, email, phone or WhatsApp).",
      ),
    )
    .input(formIdInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => publishForm(ctx.db, actorOf(ctx), input.formId)),
  /** Closes a published form: visitors are told it is closed. */
  close: requirePermission("forms.manage")
    .input(formIdInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => closeForm(ctx.db, ctx.businessId, input.formId)),
  /** Opens a closed form again with the version it had. */
  reopen: requirePermission("forms.manage")
    .input(formIdInput.extend(business))
    .output(leadFormOutput)
    .mutation(({ ctx, input }) => reopenForm(ctx.db, ctx.businessId, input.formId)),
  /** A form's submissions, newest first, in keyset pages (inbox or Spam tab, status, dates, search). */
  submissions: requirePermission("forms.read")
    .meta(
      openapi(
        "GET",
        "/forms/{formId}/submissions",
        "List a form's submissions",
        "Newest first. `tab=spam` lists the Spam tab; `status`, `from`/`to` (ISO 8601) and `search` (in the answers) narrow it. Pass `nextCursor` as `cursor` for the next page.",
      ),
    )
    .input(listSubmissionsInput.extend(business))
    .output(submissionPageOutput)
    .query(({ ctx, input }) => {
      const { businessId: _, ...filters } = input;
      return submissions.listSubmissions(ctx.db, ctx.businessId, filters);
    }),
  /** One submission with its fields' labels, its context and its customer. */
  submission: requirePermission("forms.read")
    .input(submissionIdInput.extend(business))
    .output(submissionDetailOutput)
    .query(({ ctx, input }) => submissions.getSubmission(ctx.db, ctx.businessId, input.submissionId)),
  /** Moves a submission out of Spam and has its customer created. */
  markNotSpam: requirePermission("forms.manage")
    .input(submissionIdInput.extend(business))
    .output(submissionDetailOutput)
    .mutation(({ ctx, input }) => submissions.markNotSpam(ctx.db, ctx.businessId, input.submissionId)),
  /** Sends a failed submission to processing again. */
  retrySubmission: requirePermission("forms.manage")
    .input(submissionIdInput.extend(business))
    .output(submissionDetailOutput)
    .mutation(({ ctx, input }) => submissions.retrySubmission(ctx.db, ctx.businessId, input.submissionId)),
  /** Views, starts, submissions, conversion, spam, by day and by source over UTC days. */
  analytics: requirePermission("forms.read")
    .input(formAnalyticsInput.extend(business))
    .output(formAnalyticsOutput)
    .query(({ ctx, input }) => formAnalytics(ctx.db, ctx.businessId, input)),
  /**
   * The captcha every form of the business shows (Cloudflare Turnstile or hCaptcha with the business's
   * own keys): `{ provider, siteKey, secret (masked), updatedAt }`, or null when there is none.
   */
  captcha: requirePermission("forms.manage")
    .meta(openapi("GET", "/form-captcha", "Get the lead forms' captcha settings"))
    .input(z.object(business))
    .output(captchaView.nullable())
    .query(({ ctx }) => getCaptchaSettings(ctx.db, ctx.businessId)),
  /**
   * Sets the captcha keys (`captcha: { provider, siteKey, secret }`; the secret is stored encrypted and
   * never returned) or removes the captcha (`captcha: null`). 400 names the field of each mistake.
   */
  setCaptcha: requirePermission("forms.manage")
    .meta(openapi("POST", "/form-captcha", "Set or remove the lead forms' captcha"))
    .input(z.object({ ...business, captcha: captchaSettingsInput.nullable() }))
    .output(captchaView.nullable())
    .mutation(({ ctx, input }) => setCaptchaSettings(ctx.db, ctx.businessId, input.captcha)),
});
