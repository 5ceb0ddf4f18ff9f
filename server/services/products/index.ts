import { and, asc, eq, ilike, isNotNull, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { products } from "@/db/schema";
import type { ProductInput, UpdateProductInput } from "@/server/domain/invoices";
import { AppError } from "@/server/errors";

export type ProductRow = typeof products.$inferSelect;

function nameTaken(e: unknown): never {
  if (isUniqueViolation(e, "products_business_id_lower_name_key"))
    throw new AppError("CONFLICT", "A product with this name exists.", {
      name: "A product with this name exists.",
    });
  throw e;
}

/**
 * The business's catalog by name: active products unless `archived` (true: only archived ones), filtered
 * by `search` (name or HSN/SAC), at most `limit` (default 200).
 */
export async function listProducts(
  db: DbOrTx,
  businessId: string,
  opts: { search?: string; archived?: boolean; limit?: number } = {},
): Promise<ProductRow[]> {
  const pattern = opts.search ? `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select()
    .from(products)
    .where(
      and(
        eq(products.businessId, businessId),
        opts.archived ? isNotNull(products.archivedAt) : isNull(products.archivedAt),
        pattern ? or(ilike(products.name, pattern), ilike(products.hsnSac, pattern)) : undefined,
      ),
    )
    .orderBy(asc(products.name), asc(products.id))
    .limit(opts.limit ?? 200);
}

/** One product of the business. Errors: NOT_FOUND. */
export async function getProduct(db: DbOrTx, businessId: string, productId: string): Promise<ProductRow> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.businessId, businessId), eq(products.id, productId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such product in this business.");
  return row;
}

/** Adds a product or service to the catalog. Errors: CONFLICT on `name` (case-insensitive). */
export async function createProduct(
  db: DbOrTx,
  businessId: string,
  input: ProductInput,
): Promise<ProductRow> {
  try {
    const [row] = await db
      .insert(products)
      .values({ businessId, ...input })
      .returning();
    return row!;
  } catch (e) {
    nameTaken(e);
  }
}

/** Changes a product, or archives / restores it (`archived`). Errors: NOT_FOUND; CONFLICT on `name`. */
export async function updateProduct(
  db: DbOrTx,
  businessId: string,
  input: UpdateProductInput,
): Promise<ProductRow> {
  const { productId, archived, ...fields } = input;
  try {
    const [row] = await db
      .update(products)
      .set({
        ...fields,
        ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
        updatedAt: new Date(),
      })
      .where(and(eq(products.businessId, businessId), eq(products.id, productId)))
      .returning();
    if (!row) throw new AppError("NOT_FOUND", "No such product in this business.");
    return row;
  } catch (e) {
    if (e instanceof AppError) throw e;
    nameTaken(e);
  }
}

/** Deletes a product (invoices keep their lines as issued). Errors: NOT_FOUND. */
export async function deleteProduct(
  db: DbOrTx,
  businessId: string,
  productId: string,
): Promise<{ id: string }> {
  const [row] = await db
    .delete(products)
    .where(and(eq(products.businessId, businessId), eq(products.id, productId)))
    .returning({ id: products.id });
  if (!row) throw new AppError("NOT_FOUND", "No such product in this business.");
  return row;
}
