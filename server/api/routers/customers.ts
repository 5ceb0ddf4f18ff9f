import { z } from "zod";
import { createTRPCRouter, documentedOutput, requirePermission } from "@/server/api/trpc";
import {
  bulkCreateTaskInput,
  bulkInput,
  bulkSelectionOnlyInput,
  countCustomersInput,
  createCustomerInput,
  customerIdInput,
  customerOutput,
  customerPageOutput,
  duplicatesInput,
  listCustomersInput,
  mergeInput,
  restListCustomersInput,
  timelineInput,
  updateCustomerInput,
} from "@/server/domain/customers";
import { listTimeline } from "@/server/services/activities";
import * as customers from "@/server/services/customers";
import { suggestTags } from "@/server/services/customers/tags";

const tags = ["Customers"];

export const customersRouter = createTRPCRouter({
  /**
   * A page of the list (search, filters, sort, cursor) with the total matching the same filter:
   * `totalIsExact` false means "at least `total`" (filtered totals are capped; see `count`).
   */
  list: requirePermission("customers.read")
    .input(listCustomersInput)
    .query(async ({ ctx, input }) => {
      const page = await customers.listCustomersWithTotal(ctx.db, ctx.businessId, input);
      return {
        data: page.data,
        nextCursor: page.nextCursor,
        total: page.total.total,
        totalIsExact: page.total.exact,
      };
    }),
  /**
   * Tags of the business starting with `query`, most used first, with their customer counts (exact up
   * to 10,000): suggestions for the tag inputs of the filters, bulk actions and the customer form.
   */
  tagSuggestions: requirePermission("customers.read")
    .input(
      z.object({ query: z.string().max(50).default(""), limit: z.number().int().min(1).max(20).default(8) }),
    )
    .query(({ ctx, input }) => suggestTags(ctx.db, ctx.businessId, input)),
  /** How many customers match a filter (the same WHERE as `list`); `exact` counts past the cap. */
  count: requirePermission("customers.read")
    .input(countCustomersInput)
    .query(async ({ ctx, input }) => {
      const count = await customers.countCustomers(ctx.db, ctx.businessId, input.filter, {
        exact: input.exact,
      });
      return { total: count.total, totalIsExact: count.exact };
    }),
  /** REST v1: `GET /customers?search=&tag=&limit=&cursor=`, newest first. */
  apiList: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/customers",
        protect: true,
        tags,
        summary: "List customers",
        description:
          "Newest first. `total` is exact when `totalIsExact`; a filtered total past 10,000 is given as 10,000 with `totalIsExact: false`. `search` matches name, email or phone digits; `tag` is one tag or several comma-separated (customers with all of them); `needsReview=true` lists customers kept with values that did not validate; `segmentId` lists a segment's customers. Pass `nextCursor` as `cursor` for the next page.",
      },
    })
    .input(restListCustomersInput)
    .output(documentedOutput(customerPageOutput))
    .query(async ({ ctx, input }) => {
      const tagList = (input.tag ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      const filter = {
        ...(input.search ? { search: input.search } : {}),
        ...(tagList.length ? { tags: { all: tagList } } : {}),
        ...(input.needsReview ? { needsReview: input.needsReview === "true" } : {}),
        ...(input.segmentId ? { segmentId: input.segmentId } : {}),
      };
      // Timestamps as JSON text: the default first page makes no Date only to print it again.
      const page = await customers.listCustomersAsJson(ctx.db, ctx.businessId, {
        filter,
        cursor: input.cursor,
        limit: input.limit,
      });
      return {
        data: page.data,
        nextCursor: page.nextCursor,
        total: page.total.total,
        totalIsExact: page.total.exact,
      };
    }),
  /** One customer (also when in the Trash: `deletedAt` is set). */
  get: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/customers/{customerId}",
        protect: true,
        tags,
        summary: "Get a customer",
      },
    })
    .input(customerIdInput)
    .output(customerOutput)
    .query(({ ctx, input }) => customers.getCustomer(ctx.db, ctx.businessId, input.customerId)),
  /** Creates a customer; phones in any format become E.164 with the business's country. */
  create: requirePermission("customers.write")
    .meta({
      openapi: { method: "POST", path: "/customers", protect: true, tags, summary: "Create a customer" },
    })
    .input(createCustomerInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input as typeof input & { businessId?: string };
      return customers.createCustomer(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        fields,
      );
    }),
  /** Updates the fields given; records each change on the timeline. */
  update: requirePermission("customers.write")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/customers/{customerId}",
        protect: true,
        tags,
        summary: "Update a customer",
      },
    })
    .input(updateCustomerInput)
    .output(customerOutput)
    .mutation(({ ctx, input }) => {
      const { customerId, businessId: _, ...patch } = input as typeof input & { businessId?: string };
      return customers.updateCustomer(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        customerId,
        patch,
      );
    }),
  /** Moves a customer to the Trash (restorable for 30 days). */
  delete: requirePermission("customers.delete")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/customers/{customerId}",
        protect: true,
        tags,
        summary: "Delete a customer",
        description:
          "Soft delete: the customer stays in the Trash for 30 days and can be restored in the app.",
      },
    })
    .input(customerIdInput)
    .output(z.object({ id: z.uuid(), deletedAt: z.date() }))
    .mutation(({ ctx, input }) =>
      customers.softDeleteCustomer(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.customerId,
      ),
    ),
  /** Brings a customer back from the Trash. */
  restore: requirePermission("customers.delete")
    .input(customerIdInput)
    .mutation(({ ctx, input }) =>
      customers.restoreCustomer(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.customerId,
      ),
    ),
  /** The Trash: soft-deleted customers (restorable for 30 days), newest first unless sorted otherwise. */
  trash: requirePermission("customers.read")
    .input(listCustomersInput)
    .query(async ({ ctx, input }) => {
      const filter = { ...input.filter, deleted: true };
      const [page, count] = await Promise.all([
        customers.listCustomers(ctx.db, ctx.businessId, { ...input, filter }),
        customers.countCustomers(ctx.db, ctx.businessId, filter),
      ]);
      return {
        data: page.rows.map(customers.toCustomerOutput),
        nextCursor: page.nextCursor,
        total: count.total,
        totalIsExact: count.exact,
      };
    }),
  /** Tags, stage, source, owner or a custom field on a selection or on all customers matching a filter. */
  bulk: requirePermission("customers.write")
    .input(bulkInput)
    .mutation(({ ctx, input }) =>
      customers.bulkCustomers(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        { customerIds: input.customerIds, filter: input.filter },
        input.action,
      ),
    ),
  /** Moves a selection (or all matching) to the Trash. */
  bulkDelete: requirePermission("customers.delete")
    .input(bulkSelectionOnlyInput)
    .mutation(({ ctx, input }) =>
      customers.bulkDeleteCustomers(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** Restores a selection (or all matching) from the Trash. */
  bulkRestore: requirePermission("customers.delete")
    .input(bulkSelectionOnlyInput)
    .mutation(({ ctx, input }) =>
      customers.bulkRestoreCustomers(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /**
   * One task per selected (or all matching) customer, linked to it and on its timeline; at most 10,000
   * customers at a time. Output: `{ affected }`, the tasks created.
   */
  bulkCreateTask: requirePermission("tasks.write")
    .input(bulkCreateTaskInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, customerIds, filter, ...task } = input as typeof input & { businessId?: string };
      return customers.bulkCreateTasks(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        { customerIds, filter },
        task,
      );
    }),
  /** Possible duplicates: same phone, same email, similar name at the same company. */
  duplicates: requirePermission("customers.read")
    .input(duplicatesInput)
    .query(({ ctx, input }) => customers.findDuplicateGroups(ctx.db, ctx.businessId, input)),
  /** Merges duplicates into one customer (the others are deleted; their history moves over). */
  merge: requirePermission("customers.delete")
    .input(mergeInput)
    .mutation(({ ctx, input }) =>
      customers.mergeCustomers(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** A customer's timeline, newest first, optionally of some activity types. */
  timeline: requirePermission("customers.read")
    .input(timelineInput)
    .query(({ ctx, input }) =>
      listTimeline(ctx.db, {
        businessId: ctx.businessId,
        customerId: input.customerId,
        types: input.types,
        cursor: input.cursor,
        limit: input.limit,
      }),
    ),
});
