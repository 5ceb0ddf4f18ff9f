import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Counters of the rate limits (sign-in attempts, API key requests, …) when no Redis is configured: one row
 * per limited key, updated by one atomic upsert (rate-limiter-flexible's `RateLimiterDrizzle`), so a limit
 * holds across every process that shares the database. A row whose window has ended is reset by its
 * next use.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  points: integer().notNull().default(0),
  expire: timestamp({ withTimezone: true }),
});
