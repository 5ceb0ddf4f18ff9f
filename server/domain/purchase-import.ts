import { suggestSheetMapping } from "./sheet-mapping";

/**
 * Importing purchases (orders) from a spreadsheet another system made (a POS, a shop's export): which
 * column holds what, and how an "items" cell reads. Pure; server/services/purchases/import.ts runs it.
 */

/** What a column can be: the order's id, the customer's email or phone, the date, the items, the amount. */
export const purchaseImportTargets = [
  "orderId",
  "email",
  "phone",
  "date",
  "items",
  "amount",
  "ignore",
] as const;
export type PurchaseImportTarget = (typeof purchaseImportTargets)[number];

/** Rows one import takes (larger files: split them). */
export const MAX_PURCHASE_IMPORT_ROWS = 50_000;

const synonyms: Record<Exclude<PurchaseImportTarget, "ignore">, string[]> = {
  orderId: [
    "order id",
    "order",
    "order no",
    "order number",
    "order #",
    "invoice",
    "invoice no",
    "invoice number",
    "bill no",
    "bill number",
    "receipt",
    "receipt no",
    "transaction id",
    "id",
  ],
  email: ["email", "e-mail", "customer email", "email address", "buyer email"],
  phone: [
    "phone",
    "mobile",
    "customer phone",
    "phone number",
    "mobile number",
    "contact",
    "whatsapp",
    "customer mobile",
  ],
  date: [
    "date",
    "order date",
    "purchase date",
    "bill date",
    "invoice date",
    "created at",
    "created",
    "paid at",
    "time",
  ],
  items: [
    "items",
    "item",
    "products",
    "product",
    "description",
    "line items",
    "lineitem name",
    "product name",
  ],
  amount: [
    "amount",
    "total",
    "order total",
    "grand total",
    "total amount",
    "value",
    "net amount",
    "paid",
    "price",
  ],
};

/**
 * The suggested target of each header (first header wins a target; the rest are `ignore`), from common
 * names in English POS and shop exports ("Order ID", "Bill No", "Customer Mobile", "Grand Total"…).
 * Output: `{ [header]: target }`.
 */
export function suggestPurchaseMapping(headers: readonly string[]): Record<string, PurchaseImportTarget> {
  return suggestSheetMapping(headers, synonyms);
}

/**
 * The items of an "items" cell: entries split by `;`, `|` or line breaks; each may carry a quantity as
 * "Shampoo x2", "Shampoo × 2" or "2 x Shampoo" (default 1). Output: `[{ description, quantity }]`
 * (quantity as text, like invoice lines), at most 200.
 */
export function parseItems(text: string): { description: string; quantity: string }[] {
  return text
    .split(/[;|\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 200)
    .map((s) => {
      const after = /^(.*?)\s*[x×*]\s*(\d{1,6}(?:\.\d{1,3})?)$/i.exec(s);
      if (after?.[1]) return { description: after[1].slice(0, 500), quantity: after[2]! };
      const before = /^(\d{1,6}(?:\.\d{1,3})?)\s*[x×*]\s+(.+)$/i.exec(s);
      if (before) return { description: before[2]!.slice(0, 500), quantity: before[1]! };
      return { description: s.slice(0, 500), quantity: "1" };
    });
}
