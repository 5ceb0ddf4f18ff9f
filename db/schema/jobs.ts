import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";

export const jobStatus = pgEnum("job_status", [
  "queued",
  "running",
  "sleeping",
  "completed",
  "failed",
  "interrupted",
  "cancelled",
]);

/**
 * One run of a background function executed by the local in-process driver (used when no Inngest
 * server is configured). `steps` memoizes finished step results by step id so a resumed run skips
 * work already done.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    functionId: text().notNull(),
    eventName: text().notNull(),
    event: jsonb().$type<Record<string, unknown>>().notNull(),
    /**
     * Every event of the run when its function batches events (`batchEvents`), in the order they were
     * sent; `event` is the first of them. Null for a run of one event.
     */
    events: jsonb().$type<Record<string, unknown>[]>(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    status: jobStatus().notNull().default("queued"),
    /** Free-form progress reported by the function, e.g. { done: 120, total: 1000 }. */
    progress: jsonb().$type<Record<string, unknown>>(),
    steps: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    output: jsonb(),
    error: text(),
    attempt: integer().notNull().default(0),
    /** For sleeping runs: when to wake (UTC). */
    wakeAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("job_runs_status_idx").on(t.status),
    index("job_runs_business_id_created_at_idx").on(t.businessId, t.createdAt),
  ],
);
