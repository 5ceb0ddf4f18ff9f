import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  createCreditNoteInput,
  createInvoiceInput,
  customerPurchasesInput,
  customerPurchasesOutput,
  invoiceIdInput,
  invoiceOutput,
  invoiceSettingsInput,
  listInvoicesInput,
  paymentOutput,
  recordPaymentInput,
  sendInvoiceInput,
  updateInvoiceInput,
} from "@/server/domain/invoices";
import { whatsappMessageOutput } from "@/server/domain/whatsapp-messages";
import * as invoices from "@/server/services/invoices";
import { refundPayment } from "@/server/services/payments/refunds";

const tags = ["Invoices"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});
const openapi = (
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: `/${string}`,
  summary: string,
) => ({
  openapi: { method, path, protect: true, tags, summary },
});

/**
 * Invoices, quotes and credit notes (one resource, `kind` tells them apart): drafts are edited; issuing
 * numbers them (gapless per fiscal year); issued ones are never edited, only voided or paid. Reading
 * needs `invoices.read`; changing `invoices.write`; billing settings `invoices.manage`.
 */
export const invoicesRouter = createTRPCRouter({
  /** The business's documents, newest first, filtered; keyset pages (`cursor` → `nextCursor`). */
  list: requirePermission("invoices.read")
    .meta(openapi("GET", "/invoices", "List invoices, quotes and credit notes"))
    .input(listInvoicesInput.extend(business))
    .output(
      z.object({
        data: z.array(invoiceOutput.extend({ customerName: z.string().nullable() })),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => {
      const { businessId: _, ...filters } = input;
      return invoices.listInvoices(ctx.db, ctx.businessId, filters);
    }),
  /**
   * What a customer has bought: the lines of their paid invoices (newest first) with total spent, number
   * of orders, average order value and first and last purchase dates. Errors: NOT_FOUND.
   */
  purchases: requirePermission("invoices.read")
    .meta(openapi("GET", "/customers/{customerId}/purchases", "A customer's purchases and total spent"))
    .input(customerPurchasesInput.extend(business))
    .output(customerPurchasesOutput)
    .query(({ ctx, input }) =>
      invoices.customerPurchases(ctx.db, ctx.businessId, input.customerId, input.limit),
    ),
  /** One document. */
  get: requirePermission("invoices.read")
    .meta(openapi("GET", "/invoices/{invoiceId}", "Get an invoice"))
    .input(invoiceIdInput.extend(business))
    .output(invoiceOutput)
    .query(({ ctx, input }) => invoices.getInvoice(ctx.db, ctx.businessId, input.invoiceId)),
  /** Creates a draft (`kind`: invoice, quote or credit_note) in the business's currency. */
  create: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices", "Create a draft invoice, quote or credit note"))
    .input(createInvoiceInput.extend(business))
    .output(invoiceOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return invoices.createDraft(ctx.db, actorOf(ctx), fields);
    }),
  /** Changes a draft; an issued document answers 409. */
  update: requirePermission("invoices.write")
    .meta(openapi("PATCH", "/invoices/{invoiceId}", "Update a draft"))
    .input(updateInvoiceInput.extend(business))
    .output(invoiceOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return invoices.updateDraft(ctx.db, ctx.businessId, fields);
    }),
  /** Deletes a draft. */
  delete: requirePermission("invoices.write")
    .meta(openapi("DELETE", "/invoices/{invoiceId}", "Delete a draft"))
    .input(invoiceIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => invoices.deleteDraft(ctx.db, ctx.businessId, input.invoiceId)),
  /** Issues a draft: its number, due date, parties and public link (`publicToken`, shown once). */
  issue: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/issue", "Issue a draft"))
    .input(invoiceIdInput.extend(business))
    .output(invoiceOutput.extend({ publicToken: z.string() }))
    .mutation(({ ctx, input }) => invoices.issueInvoice(ctx.db, actorOf(ctx), input.invoiceId)),
  /** Makes a sent quote into a draft invoice (the quote becomes accepted). */
  convertQuote: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/convert", "Make a quote into an invoice"))
    .input(invoiceIdInput.extend(business))
    .output(invoiceOutput)
    .mutation(({ ctx, input }) => invoices.convertQuote(ctx.db, actorOf(ctx), input.invoiceId)),
  /**
   * Drafts a credit note against an issued invoice (its lines, or the ones given); issuing it takes its
   * total off the invoice's amount due. 409 for a draft, void or fully credited invoice.
   */
  createCreditNote: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/credit-notes", "Draft a credit note against an invoice"))
    .input(createCreditNoteInput.extend(business))
    .output(invoiceOutput)
    .mutation(({ ctx, input }) =>
      invoices.createCreditNote(ctx.db, actorOf(ctx), input.invoiceId, {
        lines: input.lines,
        notes: input.notes,
      }),
    ),
  /** Voids an issued document without payments (it keeps its number). */
  void: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/void", "Void an issued document"))
    .input(invoiceIdInput.extend(business))
    .output(invoiceOutput)
    .mutation(({ ctx, input }) => invoices.voidInvoice(ctx.db, actorOf(ctx), input.invoiceId)),
  /**
   * Emails an issued document to its customer (or `to`) with its PDF attached and the link to view and
   * pay it; marks it sent and adds it to the customer's timeline. 409 for a draft or a void document.
   */
  send: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/send", "Email an invoice to the customer"))
    .input(sendInvoiceInput.extend(business))
    .output(z.object({ emailMessageId: z.uuid(), to: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const result = await invoices.sendInvoiceEmail(ctx.db, {
        businessId: ctx.businessId,
        invoiceId: input.invoiceId,
        userId: ctx.actor.userId,
        to: input.to,
        message: input.message,
      });
      if (!result.sent) throw new Error(`Not sent: ${result.reason}`);
      return { emailMessageId: result.emailMessageId, to: result.to };
    }),
  /**
   * Sends an issued document on WhatsApp with an approved template filled with the invoice (name, amount
   * due, due date, link, number; see the convention in server/domain/invoice-whatsapp.ts).
   */
  sendWhatsapp: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/send-whatsapp", "Send an invoice on WhatsApp"))
    .input(z.object({ ...business, invoiceId: z.uuid(), templateId: z.uuid() }))
    .output(whatsappMessageOutput)
    .mutation(({ ctx, input }) =>
      invoices.sendInvoiceWhatsapp(ctx.db, actorOf(ctx), {
        invoiceId: input.invoiceId,
        templateId: input.templateId,
      }),
    ),
  /**
   * Refunds an online payment (Stripe or Razorpay) through its provider, all that is left of it or
   * `amount` (minor units), and issues the matching credit note against the invoice. 409 for a manual
   * payment; 400 with the provider's reason when it refuses.
   */
  refundPayment: requirePermission("invoices.manage")
    .meta(openapi("POST", "/invoices/{invoiceId}/payments/{paymentId}/refund", "Refund an online payment"))
    .input(
      z.object({
        ...business,
        invoiceId: z.uuid(),
        paymentId: z.uuid(),
        amount: z.number().int().min(1).optional(),
        reason: z.string().trim().max(500).nullish(),
      }),
    )
    .output(
      z.object({
        id: z.uuid(),
        amount: z.number().int(),
        currency: z.string(),
        provider: z.string(),
        providerRefundId: z.string().nullable(),
        status: z.enum(["pending", "succeeded", "failed"]),
        creditNoteId: z.uuid().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...refund } = input;
      return refundPayment(ctx.db, actorOf(ctx), refund);
    }),
  /** Records a manual payment (cash, bank transfer, UPI reference, cheque, card, other). */
  recordPayment: requirePermission("invoices.write")
    .meta(openapi("POST", "/invoices/{invoiceId}/payments", "Record a payment"))
    .input(recordPaymentInput.extend(business))
    .output(invoiceOutput)
    .mutation(async ({ ctx, input }) => {
      const { businessId: _, ...payment } = input;
      return (await invoices.recordPayment(ctx.db, actorOf(ctx), payment)).invoice;
    }),
  /** The customer's link to view and pay an issued document (null for a draft). */
  publicUrl: requirePermission("invoices.read")
    .meta(openapi("GET", "/invoices/{invoiceId}/link", "Get an invoice's public link"))
    .input(invoiceIdInput.extend(business))
    .output(z.object({ url: z.string().nullable() }))
    .query(async ({ ctx, input }) => ({
      url: await invoices.publicInvoiceUrl(ctx.db, ctx.businessId, input.invoiceId),
    })),
  /** The payments of an invoice, newest first. */
  payments: requirePermission("invoices.read")
    .meta(openapi("GET", "/invoices/{invoiceId}/payments", "List an invoice's payments"))
    .input(invoiceIdInput.extend(business))
    .output(z.object({ data: z.array(paymentOutput) }))
    .query(async ({ ctx, input }) => ({
      data: await invoices.listPayments(ctx.db, ctx.businessId, input.invoiceId),
    })),
  /**
   * Sets the logo printed on documents (`image`: a PNG or JPEG of at most 512 KB, base64) or removes it
   * (`image: null`). 400 for another format or size.
   */
  setLogo: requirePermission("invoices.manage")
    .meta(openapi("PUT", "/billing/logo", "Set or remove the logo on invoices"))
    .input(
      z.object({
        ...business,
        image: z
          .base64("The logo must be base64.")
          .max(Math.ceil((512 * 1024 * 4) / 3) + 4, "Use an image of at most 512 KB.")
          .nullable(),
      }),
    )
    .output(z.object({ logo: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const s = await invoices.setInvoiceLogo(
        ctx.db,
        ctx.businessId,
        input.image ? new Uint8Array(Buffer.from(input.image, "base64")) : null,
      );
      return { logo: !!s.logoKey };
    }),
  /** The business's billing settings (legal name, GSTIN, numbering, defaults, bank and UPI details). */
  settings: requirePermission("invoices.read").query(({ ctx }) =>
    invoices.getInvoiceSettings(ctx.db, ctx.businessId),
  ),
  /** Changes the billing settings. */
  updateSettings: requirePermission("invoices.manage")
    .input(invoiceSettingsInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input as typeof input & { businessId?: string };
      return invoices.updateInvoiceSettings(ctx.db, ctx.businessId, fields);
    }),
});
