/**
 * The customers domain's plain values: limits, closed sets and tag rules, without zod or the database
 * schema, so the browser can use them cheaply. `customers.ts` builds the zod contracts from them and
 * re-exports them.
 */
import { lifecycleStages } from "@/db/schema/enum-values";
import { fieldMaxLengths } from "./customer-fields";

export { lifecycleStages };
export type LifecycleStage = (typeof lifecycleStages)[number];

/**
 * Limits, in characters: each field's from its definition (`customer-fields.ts`; email: the RFC 5321
 * path limit), plus tags (50 characters, 100 tags), consent sources and custom field keys.
 */
export const CUSTOMER_LIMITS = {
  ...fieldMaxLengths,
  tag: 50,
  tags: 100,
  consentSource: 200,
  customFieldKey: 64,
} as const;

/**
 * Trims tags, drops empty ones and removes duplicates ignoring case (the first spelling is kept).
 * Input: any strings. Output: the cleaned list, in input order.
 */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

export const consentChannels = ["email", "whatsapp", "sms"] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const customerSortFields = [
  "name",
  "createdAt",
  "updatedAt",
  "lastActivityAt",
  "email",
  "company",
  "lifecycleStage",
  "totalSpent",
] as const;
export type CustomerSortField = (typeof customerSortFields)[number];

/**
 * Most tasks one "create a task" bulk action makes (one per customer), for a selection or all matching;
 * a larger selection is refused whole, never cut short.
 */
export const BULK_TASK_MAX = 10_000;
