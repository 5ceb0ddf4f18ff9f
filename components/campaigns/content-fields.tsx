"use client";

import { NativeSelect } from "@/components/settings/native-select";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { EMAIL_LIMITS } from "@/server/domain/email-blocks";
import { usesEmail, usesWhatsapp } from "./campaign-display";
import type { CampaignFormState, FormErrors } from "./campaign-form-state";
import { ChoiceCards } from "./choice-cards";
import { describedBy, FormField, fieldId } from "./form-field";

/** The templates a campaign can use (`campaigns.contentOptions`). */
export interface ContentOptions {
  email: { id: string; name: string; subject: string | null }[];
  whatsapp: { id: string; name: string; language: string; status: string | null }[];
}

/** Meta's template statuses as the form names them; only APPROVED templates can be sent. */
const whatsappStatusLabels: Record<string, string> = {
  APPROVED: "Approved",
  PENDING: "Pending review",
  REJECTED: "Rejected",
  PAUSED: "Paused by Meta",
  DISABLED: "Disabled by Meta",
  IN_APPEAL: "In appeal",
};

/** A WhatsApp template's status in words ("Not submitted" when it has none). */
export function whatsappStatusLabel(status: string | null): string {
  if (!status) return "Not submitted";
  return whatsappStatusLabels[status.toUpperCase()] ?? status;
}

/**
 * The content step: for email, a subject, a preheader and a Markdown body, or an email template; for
 * WhatsApp, an approved template (the others are listed, disabled, with their status).
 */
export function ContentFields({
  state,
  set,
  errors,
  options,
}: {
  state: CampaignFormState;
  set: (patch: Partial<CampaignFormState>) => void;
  errors: FormErrors;
  options: ContentOptions | undefined;
}) {
  const emailTemplates = options?.email ?? [];
  const whatsappTemplates = options?.whatsapp ?? [];
  return (
    <div className="grid min-w-0 gap-6">
      {usesEmail(state.channel) ? (
        <div className="grid min-w-0 gap-4">
          <ChoiceCards
            name="campaign-email-mode"
            legend={state.channel === "email" ? "Email" : "Fallback email"}
            value={state.emailMode}
            onChange={(emailMode) => set({ emailMode })}
            columns={2}
            options={[
              { value: "write", label: "Write it here", description: "A subject and a body in Markdown." },
              {
                value: "template",
                label: "Use a template",
                description: emailTemplates.length
                  ? "Copy one of your email templates."
                  : "You have no email templates yet.",
                disabled: emailTemplates.length === 0,
              },
            ]}
          />
          {state.emailMode === "template" ? (
            <FormField field="emailTemplateId" label="Email template" error={errors.emailTemplateId}>
              <NativeSelect
                id={fieldId("emailTemplateId")}
                value={state.emailTemplateId}
                onChange={(e) => set({ emailTemplateId: e.target.value })}
                aria-invalid={!!errors.emailTemplateId}
                aria-describedby={describedBy("emailTemplateId", false, errors.emailTemplateId)}
              >
                <option value="">Pick a template</option>
                {emailTemplates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.subject ? `${t.name} — ${t.subject}` : t.name}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          ) : (
            <>
              <FormField field="subject" label="Subject" error={errors.subject}>
                <Input
                  id={fieldId("subject")}
                  value={state.subject}
                  maxLength={EMAIL_LIMITS.subject}
                  placeholder="Happy birthday, {{customer.firstName}}!"
                  onChange={(e) => set({ subject: e.target.value })}
                  aria-invalid={!!errors.subject}
                  aria-describedby={describedBy("subject", false, errors.subject)}
                />
              </FormField>
              <FormField
                field="preheader"
                label={
                  <>
                    Preheader <span className="font-normal text-muted-foreground">(optional)</span>
                  </>
                }
                hint="The line inboxes show after the subject."
                error={errors.preheader}
              >
                <Input
                  id={fieldId("preheader")}
                  value={state.preheader}
                  maxLength={EMAIL_LIMITS.preheader}
                  onChange={(e) => set({ preheader: e.target.value })}
                  aria-invalid={!!errors.preheader}
                  aria-describedby={describedBy("preheader", true, errors.preheader)}
                />
              </FormField>
              <FormField
                field="body"
                label="Body"
                hint="Markdown: **bold**, *italic*, [a link](https://…); a blank line starts a new paragraph. {{customer.firstName}} puts in each customer's first name."
                error={errors.body}
              >
                <Textarea
                  id={fieldId("body")}
                  value={state.body}
                  rows={10}
                  maxLength={100_000}
                  placeholder={"Hi {{customer.firstName}},\n\nWishing you a wonderful birthday!"}
                  onChange={(e) => set({ body: e.target.value, bodyEdited: true })}
                  aria-invalid={!!errors.body}
                  aria-describedby={describedBy("body", true, errors.body)}
                  className="font-mono text-sm"
                />
              </FormField>
            </>
          )}
        </div>
      ) : null}
      {usesWhatsapp(state.channel) ? (
        <FormField
          field="whatsappTemplateId"
          label="WhatsApp template"
          hint={
            whatsappTemplates.length
              ? "WhatsApp only delivers templates Meta approved; the others are listed with their status."
              : "You have no WhatsApp templates yet. Add one in the WhatsApp settings, then come back."
          }
          error={errors.whatsappTemplateId}
        >
          <NativeSelect
            id={fieldId("whatsappTemplateId")}
            value={state.whatsappTemplateId}
            onChange={(e) => set({ whatsappTemplateId: e.target.value })}
            aria-invalid={!!errors.whatsappTemplateId}
            aria-describedby={describedBy("whatsappTemplateId", true, errors.whatsappTemplateId)}
          >
            <option value="">Pick a template</option>
            {whatsappTemplates.map((t) => {
              const approved = t.status?.toUpperCase() === "APPROVED";
              return (
                <option key={t.id} value={t.id} disabled={!approved && t.id !== state.whatsappTemplateId}>
                  {`${t.name} (${t.language}) — ${whatsappStatusLabel(t.status)}`}
                </option>
              );
            })}
          </NativeSelect>
        </FormField>
      ) : null}
    </div>
  );
}
