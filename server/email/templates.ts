import { createElement, type ReactElement } from "react";
import Invitation, { type InvitationProps } from "@/emails/invitation";
import InvoiceEmail, { type InvoiceEmailProps, invoiceEmailSubject } from "@/emails/invoice";
import LeadFormAutoReply, { type LeadFormAutoReplyProps } from "@/emails/lead-form-auto-reply";
import LeadFormNotification, {
  type LeadFormNotificationProps,
  leadFormNotificationSubject,
} from "@/emails/lead-form-notification";
import PaymentReceipt, { type PaymentReceiptProps, paymentReceiptSubject } from "@/emails/payment-receipt";
import ResetPassword, { type ResetPasswordProps } from "@/emails/reset-password";
import TaskReminder, { type TaskReminderProps, taskReminderSubject } from "@/emails/task-reminder";
import VerifyEmail, { type VerifyEmailProps } from "@/emails/verify-email";

/**
 * One email template: its subject line and its React Email element, both from the same props; or, for an
 * email rendered before it is queued (a business's own template, server/email/campaign-render.ts), its
 * subject and its finished HTML and plain text (`prerendered`).
 */
export type EmailTemplate<P> = { subject: (props: P) => string } & (
  | { render: (props: P) => ReactElement; prerendered?: undefined }
  | { prerendered: (props: P) => { html: string; text: string }; render?: undefined }
);

/** A test send of a business's email template, rendered as a customer before it is queued. */
export interface CampaignTestProps {
  subject: string;
  html: string;
  text: string;
}

/**
 * Every email the product sends, by template name (the name is stored on `email_messages.template`).
 * Add a template here with its props type; `queueEmail` is typed from this registry.
 */
export const emailTemplates = {
  "verify-email": {
    subject: (_props: VerifyEmailProps) => "Confirm your email address for Mini CRM",
    render: (props: VerifyEmailProps) => createElement(VerifyEmail, props),
  },
  "reset-password": {
    subject: (_props: ResetPasswordProps) => "Reset your Mini CRM password",
    render: (props: ResetPasswordProps) => createElement(ResetPassword, props),
  },
  invitation: {
    subject: (props: InvitationProps) =>
      `${props.inviterName} invited you to ${props.businessName} on Mini CRM`,
    render: (props: InvitationProps) => createElement(Invitation, props),
  },
  "task-reminder": {
    subject: (props: TaskReminderProps) => taskReminderSubject(props),
    render: (props: TaskReminderProps) => createElement(TaskReminder, props),
  },
  "lead-form-notification": {
    subject: (props: LeadFormNotificationProps) => leadFormNotificationSubject(props),
    render: (props: LeadFormNotificationProps) => createElement(LeadFormNotification, props),
  },
  "lead-form-auto-reply": {
    subject: (props: LeadFormAutoReplyProps) => props.subject,
    render: (props: LeadFormAutoReplyProps) => createElement(LeadFormAutoReply, props),
  },
  "payment-receipt": {
    subject: (props: PaymentReceiptProps) => paymentReceiptSubject(props),
    render: (props: PaymentReceiptProps) => createElement(PaymentReceipt, props),
  },
  invoice: {
    subject: (props: InvoiceEmailProps) => invoiceEmailSubject(props),
    render: (props: InvoiceEmailProps) => createElement(InvoiceEmail, props),
  },
  "campaign-test": {
    subject: (props: CampaignTestProps) => props.subject,
    prerendered: (props: CampaignTestProps) => ({ html: props.html, text: props.text }),
  },
} satisfies Record<string, EmailTemplate<never>>;

export type EmailTemplateName = keyof typeof emailTemplates;

/** The props template `T` takes. */
export type EmailTemplateProps<T extends EmailTemplateName> = Parameters<
  (typeof emailTemplates)[T]["subject"]
>[0];
