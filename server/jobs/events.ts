import { eventType } from "inngest";
import { z } from "zod";

/**
 * Every event the product sends, with the zod schema of its `data`. One place, read by `sendEvent`
 * (validation before sending), by function triggers (through the `eventType` definitions below) and
 * by the local driver. Add new events here, then an `eventType` below.
 */
export const eventSchemas = {
  /** A queued `email_messages` row is ready to be delivered. */
  "email/send.requested": z.object({ emailMessageId: z.uuid() }),
  /** A customer import (`imports` row) is ready to run, or to continue after an interruption. */
  "imports/process.requested": z.object({ importId: z.uuid(), businessId: z.uuid() }),
  /** A campaign was sent, scheduled or resumed: materialise its recipients and start its batches. */
  "campaigns/send.requested": z.object({ campaignId: z.uuid(), businessId: z.uuid() }),
  /** Send the next batch (up to 100) of a campaign's queued email recipients. */
  "campaigns/email-batch.requested": z.object({ campaignId: z.uuid(), businessId: z.uuid() }),
  /** Send the next batch of a campaign's queued WhatsApp recipients. */
  "campaigns/whatsapp-batch.requested": z.object({ campaignId: z.uuid(), businessId: z.uuid() }),
  /** A lead form submission was stored: create or update its customer, then notify and reply. */
  "lead-forms/submission.received": z.object({ submissionId: z.uuid(), businessId: z.uuid() }),
  /** Email an issued invoice to its customer once (the recurring run's automatic send). */
  "invoices/send.requested": z.object({ invoiceId: z.uuid(), businessId: z.uuid() }),
  /** In-app notifications were made: push them to the members' devices now (the cron catches the rest). */
  "push/notifications.created": z.object({}),
  /** A provider webhook delivery (Resend, WhatsApp) was verified and stored: apply its events. */
  "webhooks/delivery.received": z.object({ deliveryId: z.uuid() }),
} as const;

export type EventName = keyof typeof eventSchemas;

/** The `data` shape of event `N`. */
export type EventData<N extends EventName> = z.input<(typeof eventSchemas)[N]>;

/**
 * An event as `sendEvent` accepts it. `id` is optional (one is generated); when given, the Inngest
 * server deduplicates events with the same id for 24 hours.
 */
export type AppEvent = {
  [N in EventName]: { name: N; data: EventData<N>; id?: string; ts?: number };
}[EventName];

/** Trigger definitions, used as `triggers: [emailSendRequested]`. */
export const emailSendRequested = eventType("email/send.requested", {
  schema: eventSchemas["email/send.requested"],
});

export const importsProcessRequested = eventType("imports/process.requested", {
  schema: eventSchemas["imports/process.requested"],
});

export const campaignsSendRequested = eventType("campaigns/send.requested", {
  schema: eventSchemas["campaigns/send.requested"],
});

export const campaignsEmailBatchRequested = eventType("campaigns/email-batch.requested", {
  schema: eventSchemas["campaigns/email-batch.requested"],
});

export const campaignsWhatsappBatchRequested = eventType("campaigns/whatsapp-batch.requested", {
  schema: eventSchemas["campaigns/whatsapp-batch.requested"],
});

export const leadFormsSubmissionReceived = eventType("lead-forms/submission.received", {
  schema: eventSchemas["lead-forms/submission.received"],
});

export const invoicesSendRequested = eventType("invoices/send.requested", {
  schema: eventSchemas["invoices/send.requested"],
});

export const pushNotificationsCreated = eventType("push/notifications.created", {
  schema: eventSchemas["push/notifications.created"],
});

export const webhooksDeliveryReceived = eventType("webhooks/delivery.received", {
  schema: eventSchemas["webhooks/delivery.received"],
});

/** Name of the event Inngest sends to a cron-triggered function (data: `{ cron }`). */
export const cronEventName = "inngest/scheduled.timer";
/** Name of the event that starts a function's `onFailure` handler. */
export const functionFailedEventName = "inngest/function.failed";

/** Whether `name` is one of the product's events (as opposed to an Inngest system event). */
export function isAppEventName(name: string): name is EventName {
  return Object.hasOwn(eventSchemas, name);
}

/**
 * Checks an outgoing event's `data` against its schema (events not listed in `eventSchemas` pass).
 * Throws an Error naming the event and the first problem; a bad event is a programming error.
 */
export function validateEvent(event: { name: string; data?: unknown }): void {
  if (!isAppEventName(event.name)) return;
  const result = eventSchemas[event.name].safeParse(event.data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `Invalid data for event ${event.name}: ${issue?.path.join(".") || "data"} ${issue?.message ?? ""}`,
    );
  }
}
