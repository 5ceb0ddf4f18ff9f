import { z } from "zod";
import { lifecycleStages } from "@/db/schema/enum-values";
import { noteBodySchema } from "./notes";
import { instantSchema } from "./tasks";

/**
 * Writes the app can queue while offline (components/offline) and replay with
 * `POST /api/offline/mutations`. Each carries an idempotency key made when it was queued, so a replay
 * (a retry, a second tab, Background Sync) never writes twice.
 */

/** Customer fields that can be edited offline, with the value the editor started from. */
export const offlineCustomerFields = [
  "name",
  "email",
  "phone",
  "whatsapp",
  "company",
  "city",
  "lifecycleStage",
] as const;
export type OfflineCustomerField = (typeof offlineCustomerFields)[number];

const fieldValue = z.string().max(500).nullable();
const customerValues = z
  .object({
    name: fieldValue,
    email: fieldValue,
    phone: fieldValue,
    whatsapp: fieldValue,
    company: fieldValue,
    city: fieldValue,
    lifecycleStage: z.enum(lifecycleStages).nullable(),
  })
  .partial();
export type OfflineCustomerValues = z.output<typeof customerValues>;

export const offlineOpSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("note.create"), customerId: z.uuid(), body: noteBodySchema }),
  z.object({
    kind: z.literal("task.create"),
    title: z.string().trim().min(1, "Give the task a title.").max(200, "Use at most 200 characters."),
    customerId: z.uuid().nullish(),
    dueAt: instantSchema.nullish(),
  }),
  z.object({ kind: z.literal("task.complete"), taskId: z.uuid() }),
  z.object({
    kind: z.literal("customer.update"),
    customerId: z.uuid(),
    /** The new values. */
    changes: customerValues,
    /** What the user saw before editing (the server's values when last synced), per changed field. */
    base: customerValues,
  }),
]);
export type OfflineOp = z.output<typeof offlineOpSchema>;
/** An offline write as the app queues and sends it (instants as ISO strings). */
export type OfflineOpInput = z.input<typeof offlineOpSchema>;

export const offlineMutationInput = z.object({
  /** The idempotency key: a UUID made when the write was queued. */
  key: z.uuid(),
  businessId: z.uuid(),
  /** The user who queued it: a write queued by another account is refused (403), never applied. */
  userId: z.string().min(1).max(100),
  /** When it was queued (UTC, ISO 8601), for the record. */
  queuedAt: z.iso.datetime({ offset: true }),
  op: offlineOpSchema,
});
export type OfflineMutationInput = z.output<typeof offlineMutationInput>;

/** A field the server changed since the user last synced, which their offline edit also changed. */
export interface OfflineConflict {
  field: OfflineCustomerField;
  /** What the offline edit set. */
  yours: string | null;
  /** What the server has now. */
  theirs: string | null;
  /** What both started from. */
  base: string | null;
}

/**
 * The fields of an offline customer edit that conflict: the server's value differs from the one the
 * edit started from and from the edit's own value (when it already equals the edit, there is nothing
 * to choose). Compares trimmed text; empty and null are the same. Output: one entry per conflicting field.
 */
export function customerEditConflicts(
  current: Record<OfflineCustomerField, string | null>,
  changes: OfflineCustomerValues,
  base: OfflineCustomerValues,
): OfflineConflict[] {
  const norm = (v: string | null | undefined) => (v ?? "").trim();
  const out: OfflineConflict[] = [];
  for (const field of offlineCustomerFields) {
    if (!(field in changes)) continue;
    const yours = changes[field] ?? null;
    const theirs = current[field];
    const started = base[field] ?? null;
    if (norm(theirs) !== norm(started) && norm(theirs) !== norm(yours))
      out.push({ field, yours, theirs, base: started });
  }
  return out;
}

/** A task as the offline app keeps it. Instants UTC ISO 8601. */
export interface OfflineTask {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  customerId: string | null;
  customerName: string | null;
}

/** A note as the offline app keeps it: plain text (the HTML is not needed to read it). */
export interface OfflineNote {
  id: string;
  text: string;
  createdAt: string;
  authorName: string | null;
}

/** A customer as the offline app keeps it: the fields, the latest notes and the open tasks. */
export interface OfflineCustomer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  company: string | null;
  city: string | null;
  lifecycleStage: string;
  tags: string[];
  updatedAt: string;
  notes: OfflineNote[];
  tasks: OfflineTask[];
}

/** What `GET /api/offline/snapshot` answers: one business's data for one member, to read offline. */
export interface OfflineSnapshot {
  business: { id: string; slug: string; name: string };
  userId: string;
  /** When the server made it (UTC). */
  syncedAt: string;
  /** The first page of the customers list (newest first) or the one customer asked for. */
  customers: OfflineCustomer[];
  /** The member's open tasks (My tasks), soonest due first; absent when one customer was asked for. */
  myTasks?: OfflineTask[];
}
