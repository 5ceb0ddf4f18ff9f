import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { businessRouter } from "./routers/business";
import { campaignsRouter } from "./routers/campaigns";
import { consentRouter } from "./routers/consent";
import { customFieldsRouter } from "./routers/custom-fields";
import { customersRouter } from "./routers/customers";
import { importsRouter } from "./routers/imports";
import { invoicesRouter } from "./routers/invoices";
import { leadFormsRouter } from "./routers/lead-forms";
import { membersRouter } from "./routers/members";
import { messagesRouter } from "./routers/messages";
import { messagingSettingsRouter } from "./routers/messaging-settings";
import { notesRouter } from "./routers/notes";
import { notificationsRouter } from "./routers/notifications";
import { paymentsRouter } from "./routers/payments";
import { productsRouter } from "./routers/products";
import { pushRouter } from "./routers/push";
import { recurringInvoicesRouter } from "./routers/recurring-invoices";
import { savedViewsRouter } from "./routers/saved-views";
import { segmentsRouter } from "./routers/segments";
import { tasksRouter } from "./routers/tasks";
import { templatesRouter } from "./routers/templates";
import { whatsappTemplatesRouter } from "./routers/whatsapp-templates";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  business: businessRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  customers: customersRouter,
  imports: importsRouter,
  customFields: customFieldsRouter,
  notes: notesRouter,
  tasks: tasksRouter,
  savedViews: savedViewsRouter,
  segments: segmentsRouter,
  campaigns: campaignsRouter,
  consent: consentRouter,
  templates: templatesRouter,
  messages: messagesRouter,
  messagingSettings: messagingSettingsRouter,
  whatsappTemplates: whatsappTemplatesRouter,
  leadForms: leadFormsRouter,
  notifications: notificationsRouter,
  products: productsRouter,
  invoices: invoicesRouter,
  recurringInvoices: recurringInvoicesRouter,
  payments: paymentsRouter,
  push: pushRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process with a given context (server components, tests, CLI). */
export const createCaller = createCallerFactory(appRouter);
