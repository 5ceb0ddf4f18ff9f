import { sql } from "drizzle-orm";
import { type DbOrTx, execRows } from "@/db/client";

/** Counts of a suggestion are exact up to this many customers, then shown as "10,000+". */
export const TAG_COUNT_CAP = 10_000;

export interface TagSuggestion {
  tag: string;
  /** Live customers with the tag, at most `TAG_COUNT_CAP`. */
  count: number;
  /** False when the count stopped at the cap. */
  countIsExact: boolean;
}

/**
 * Tags of the business that start with `query` (case-insensitive; all tags when empty), most used first,
 * for suggestions as the user types a tag. Candidates come from the `business_tags` registry (index on
 * the lower-cased tag); each one's count of live customers is taken on demand and capped at
 * `TAG_COUNT_CAP`, so a popular tag costs a bounded read. Tags no customer has any more are left out.
 * Input: `query` up to 50 characters, `limit` suggestions (default 8). Output: `TagSuggestion[]`.
 */
export async function suggestTags(
  db: DbOrTx,
  businessId: string,
  opts: { query?: string; limit?: number } = {},
): Promise<TagSuggestion[]> {
  const limit = Math.min(Math.max(opts.limit ?? 8, 1), 20);
  const prefix = (opts.query ?? "").trim().toLowerCase().slice(0, 50);
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await execRows<{ tag: string; n: number }>(
    db,
    sql`select t.tag, (
          select count(*)::int from (
            select 1 from customers c
            where c.business_id = ${businessId} and c.deleted_at is null and c.tags @> array[t.tag]
            limit ${TAG_COUNT_CAP + 1}
          ) capped
        ) as n
        from (
          select tag from business_tags
          where business_id = ${businessId} and lower(tag) like ${pattern}
          order by lower(tag)
          limit ${limit * 3}
        ) t`,
  );
  return rows
    .filter((r) => r.n > 0)
    .sort((a, b) => b.n - a.n || a.tag.localeCompare(b.tag))
    .slice(0, limit)
    .map((r) => ({
      tag: r.tag,
      count: Math.min(r.n, TAG_COUNT_CAP),
      countIsExact: r.n <= TAG_COUNT_CAP,
    }));
}
