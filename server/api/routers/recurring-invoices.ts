import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  listRecurringInvoicesInput,
  recurringInvoiceIdInput,
  recurringInvoiceInput,
  recurringInvoiceOutput,
  updateRecurringInvoiceInput,
} from "@/server/domain/recurring-invoices";
import * as invoices from "@/server/services/invoices";

const tags = ["Recurring invoices"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});
const openapi = (method: "GET" | "POST" | "PATCH" | "DELETE", path: `/${string}`, summary: string) => ({
  openapi: { method, path, protect: true, tags, summary },
});

/**
 * Recurring invoice profiles: a customer billed the same lines every week, month, quarter, year or N
 * days, issued and emailed by the background run (or kept as drafts), until a count or a date. Reading
 * needs `invoices.read`, changing `invoices.write`.
 */
export const recurringInvoicesRouter = createTRPCRouter({
  /** The business's profiles, newest first; keyset pages. */
  list: requirePermission("invoices.read")
    .meta(openapi("GET", "/recurring-invoices", "List recurring invoices"))
    .input(listRecurringInvoicesInput.extend(business))
    .output(z.object({ data: z.array(recurringInvoiceOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { businessId: _, ...filters } = input;
      return invoices.listRecurringInvoices(ctx.db, ctx.businessId, filters);
    }),
  /** One profile with its next dates. */
  get: requirePermission("invoices.read")
    .meta(openapi("GET", "/recurring-invoices/{recurringInvoiceId}", "Get a recurring invoice"))
    .input(recurringInvoiceIdInput.extend(business))
    .output(recurringInvoiceOutput)
    .query(({ ctx, input }) =>
      invoices.getRecurringInvoice(ctx.db, ctx.businessId, input.recurringInvoiceId),
    ),
  /** Creates a profile; its first invoice is made on its first date (today's within 15 minutes). */
  create: requirePermission("invoices.write")
    .meta(openapi("POST", "/recurring-invoices", "Create a recurring invoice"))
    .input(recurringInvoiceInput.extend(business))
    .output(recurringInvoiceOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return invoices.createRecurringInvoice(ctx.db, actorOf(ctx), fields);
    }),
  /** Changes a profile; a new schedule applies from today. */
  update: requirePermission("invoices.write")
    .meta(openapi("PATCH", "/recurring-invoices/{recurringInvoiceId}", "Update a recurring invoice"))
    .input(updateRecurringInvoiceInput.extend(business))
    .output(recurringInvoiceOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return invoices.updateRecurringInvoice(ctx.db, actorOf(ctx), fields);
    }),
  /** Pauses a profile (no invoices while paused). */
  pause: requirePermission("invoices.write")
    .meta(openapi("POST", "/recurring-invoices/{recurringInvoiceId}/pause", "Pause a recurring invoice"))
    .input(recurringInvoiceIdInput.extend(business))
    .output(recurringInvoiceOutput)
    .mutation(({ ctx, input }) =>
      invoices.changeRecurringInvoiceState(ctx.db, actorOf(ctx), { ...input, action: "pause" }),
    ),
  /** Resumes a paused profile from today. */
  resume: requirePermission("invoices.write")
    .meta(openapi("POST", "/recurring-invoices/{recurringInvoiceId}/resume", "Resume a recurring invoice"))
    .input(recurringInvoiceIdInput.extend(business))
    .output(recurringInvoiceOutput)
    .mutation(({ ctx, input }) =>
      invoices.changeRecurringInvoiceState(ctx.db, actorOf(ctx), { ...input, action: "resume" }),
    ),
  /** Skips the next invoice of a profile. */
  skipNext: requirePermission("invoices.write")
    .meta(openapi("POST", "/recurring-invoices/{recurringInvoiceId}/skip", "Skip the next invoice"))
    .input(recurringInvoiceIdInput.extend(business))
    .output(recurringInvoiceOutput)
    .mutation(({ ctx, input }) =>
      invoices.changeRecurringInvoiceState(ctx.db, actorOf(ctx), { ...input, action: "skip_next" }),
    ),
  /** Deletes a profile; the invoices it made stay. */
  delete: requirePermission("invoices.write")
    .meta(openapi("DELETE", "/recurring-invoices/{recurringInvoiceId}", "Delete a recurring invoice"))
    .input(recurringInvoiceIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) =>
      invoices.deleteRecurringInvoice(ctx.db, ctx.businessId, input.recurringInvoiceId),
    ),
});
