/**
 * The values of the database's enum types, as plain arrays. The schema builds its `pgEnum`s from them and
 * server/domain builds its zod enums from them; code that runs in the browser reads them here without
 * loading the database schema or its ORM.
 */

export const lifecycleStages = ["lead", "prospect", "customer", "churned"] as const;

export const customFieldTypes = [
  "text",
  "long_text",
  "number",
  "currency",
  "date",
  "boolean",
  "single_select",
  "multi_select",
  "url",
  "email",
  "phone",
] as const;

export const activityTypes = [
  "created",
  "field_changed",
  "tags_added",
  "tags_removed",
  "note_added",
  "task_created",
  "task_completed",
  "task_reopened",
  "imported",
  "merged",
  "deleted",
  "restored",
  "message_sent",
  "message_received",
  "consent_changed",
  "form_submitted",
  "invoice_issued",
  "payment_received",
  "invoice_sent",
  "purchase_recorded",
] as const;

/** How often a recurring invoice profile bills. */
export const recurringFrequencies = ["weekly", "monthly", "quarterly", "yearly", "every_n_days"] as const;
/** A recurring profile: billing, paused by the user, or past its end. */
export const recurringStatuses = ["active", "paused", "ended"] as const;

export const taskPriorities = ["low", "normal", "high", "urgent"] as const;
export const taskStatuses = ["open", "in_progress", "done", "cancelled"] as const;
export const memberRoles = ["owner", "admin", "member"] as const;

/** Channels a message goes out on. */
export const messageChannels = ["email", "whatsapp"] as const;
/** A campaign's channel: one channel, or WhatsApp with email for customers WhatsApp cannot reach. */
export const campaignChannels = ["email", "whatsapp", "whatsapp_email_fallback"] as const;
export const campaignStatuses = [
  "draft",
  "scheduled",
  "sending",
  "paused",
  "completed",
  "cancelled",
  "failed",
] as const;
/**
 * A recipient's status. It only moves forward: `excluded` and `cancelled` are final at once; then
 * queued < sending < sent < delivered < opened/read < clicked < failed/bounced < complained
 * (server/domain/recipient-status.ts).
 */
export const recipientStatuses = [
  "excluded",
  /** Waiting for an A/B test's winner. */
  "held",
  "queued",
  "sending",
  "sent",
  "delivered",
  "opened",
  "read",
  "clicked",
  "failed",
  "bounced",
  "complained",
  "cancelled",
] as const;
/** What a one-to-one WhatsApp message is: free-form text (inside the service window) or a template. */
export const whatsappMessageKinds = ["text", "template"] as const;
/** Channels a customer gives or withdraws consent for. */
export const consentChannels = ["email", "whatsapp", "sms"] as const;

/** A lead form's life: edited as a draft, live once published, refusing submissions when closed. */
export const leadFormStatuses = ["draft", "published", "closed"] as const;
/** Field types a lead form offers (server/domain/lead-forms.ts). */
export const leadFormFieldTypes = [
  "short_text",
  "long_text",
  "email",
  "phone",
  "whatsapp",
  "number",
  "date",
  "select",
  "multi_select",
  "checkbox",
  "consent",
  "hidden",
] as const;
/** Languages of a lead form's built-in texts. */
export const leadFormLanguages = ["en", "hi", "fa", "ar", "es"] as const;
/** What a submission from a known customer (same email or phone) does to that customer. */
export const leadFormDuplicatePolicies = ["update", "keep"] as const;
/**
 * A submission's state: `received` (stored, waiting for the background work), `processed` (customer
 * created or updated), `spam` (kept in the Spam tab), `failed` (the background work gave up; retried on
 * demand).
 */
export const formSubmissionStatuses = ["received", "processed", "spam", "failed"] as const;
/** Captcha services a business may put on its lead forms (keys in `lead_form_captcha_settings`). */
export const captchaProviders = ["turnstile", "hcaptcha"] as const;

/** What an in-app notification is about. */
export const notificationKinds = [
  "lead_form_submission",
  "import_finished",
  "payment_received",
  "task_due",
  "payment_flagged",
] as const;

/** Kinds of billing documents: invoices, quotes (estimates) and credit notes share one table. */
export const invoiceKinds = ["invoice", "quote", "credit_note"] as const;

/**
 * Stored states of a billing document. `overdue` is derived (issued or partially paid past its due date),
 * never stored. Quotes use draft → issued (sent) → accepted / declined; credit notes draft → issued → void.
 */
export const invoiceStatuses = [
  "draft",
  "issued",
  "partially_paid",
  "paid",
  "void",
  "accepted",
  "declined",
] as const;

/** How a payment was made. */
export const paymentMethods = [
  "cash",
  "bank_transfer",
  "upi",
  "cheque",
  "card",
  "stripe",
  "razorpay",
  "other",
] as const;
