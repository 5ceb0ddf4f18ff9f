import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  listProductsInput,
  productIdInput,
  productInput,
  productOutput,
  updateProductInput,
} from "@/server/domain/invoices";
import * as products from "@/server/services/products";

const tags = ["Products"];
const business = { businessId: z.uuid().optional() };
const openapi = (method: "GET" | "POST" | "PATCH" | "DELETE", path: `/${string}`, summary: string) => ({
  openapi: { method, path, protect: true, tags, summary },
});

/** The catalog of products and services invoices pick lines from. */
export const productsRouter = createTRPCRouter({
  /** Active products by name (or archived ones), filtered by name or HSN/SAC. */
  list: requirePermission("invoices.read")
    .meta(openapi("GET", "/products", "List products and services"))
    .input(listProductsInput.extend(business))
    .output(z.object({ data: z.array(productOutput) }))
    .query(async ({ ctx, input }) => {
      const { businessId: _, ...opts } = input;
      return { data: await products.listProducts(ctx.db, ctx.businessId, opts) };
    }),
  /** One product. */
  get: requirePermission("invoices.read")
    .meta(openapi("GET", "/products/{productId}", "Get a product"))
    .input(productIdInput.extend(business))
    .output(productOutput)
    .query(({ ctx, input }) => products.getProduct(ctx.db, ctx.businessId, input.productId)),
  /** Adds a product or service; 409 when the name is taken. */
  create: requirePermission("invoices.write")
    .meta(openapi("POST", "/products", "Create a product"))
    .input(productInput.extend(business))
    .output(productOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return products.createProduct(ctx.db, ctx.businessId, fields);
    }),
  /** Changes, archives (`archived: true`) or restores a product. */
  update: requirePermission("invoices.write")
    .meta(openapi("PATCH", "/products/{productId}", "Update a product"))
    .input(updateProductInput.extend(business))
    .output(productOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return products.updateProduct(ctx.db, ctx.businessId, fields);
    }),
  /** Deletes a product (issued invoices keep their lines). */
  delete: requirePermission("invoices.write")
    .meta(openapi("DELETE", "/products/{productId}", "Delete a product"))
    .input(productIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => products.deleteProduct(ctx.db, ctx.businessId, input.productId)),
});
