/*
 * Why one file (~455 lines, because): the lifecycle of a customer (create, read, update with its timeline entries, trash,
 * restore, purge) in one place; lists, bulk actions, export, duplicates and tags live in their own
 * modules beside it.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businesses, type CustomFieldValues, customers } from "@/db/schema";
import { plainTextFields } from "@/server/domain/customer-fields";
import {
  type ConsentChannel,
  type ConsentInput,
  type CreateCustomerInput,
  type CustomerFieldsPatch,
  type CustomerOutput,
  consentChannels,
  normalizeTags,
} from "@/server/domain/customers";
import { AppError, type FieldErrors } from "@/server/errors";
import { type ActivityInput, recordActivities } from "@/server/services/activities";
import { validateCustomFieldValues } from "@/server/services/custom-fields";
import {
  type CustomerRow,
  monthDay,
  normalizePhones,
  phoneDigits,
  plainTextValues,
  toCustomerOutput,
} from "./fields";
import { assertOwnerIsMember } from "./owner";
import { purgeTrashBatch } from "./purge";

export { type BulkResult, bulkCustomers, bulkDeleteCustomers, bulkRestoreCustomers } from "./bulk";
export { bulkCreateTasks } from "./bulk-tasks";
export { type DuplicateGroup, findDuplicateGroups, mergeCustomers } from "./duplicates";
export { type ExportFormat, type ExportResult, exportBusinessJson, exportCustomers } from "./export";
export { type CustomerRow, monthDay, phoneDigits, toCustomerOutput } from "./fields";
export { assertOwnerIsMember } from "./owner";
export {
  buildCustomerWhere,
  COUNT_CAP,
  countCustomers,
  countCustomersExact,
  customerWhere,
  listCustomers,
  listCustomersAsJson,
  listCustomersWithTotal,
} from "./query";

/** Who acts: the business, and the user (null for an API key or a job). */
export interface CustomerActor {
  businessId: string;
  userId: string | null;
  apiKeyId?: string | null;
}

/** Days a soft-deleted customer stays in the Trash before `purgeDeletedCustomers` removes it. */
export const TRASH_RETENTION_DAYS = 30;

async function businessCountry(db: DbOrTx, businessId: string): Promise<string> {
  const [b] = await db
    .select({ country: businesses.country })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!b) throw new AppError("NOT_FOUND");
  return b.country;
}

function throwIfErrors(errors: FieldErrors): void {
  const messages = Object.values(errors);
  if (messages.length) throw new AppError("VALIDATION", messages[0], errors);
}

type ConsentColumns = Pick<
  typeof customers.$inferInsert,
  | "emailConsent"
  | "emailConsentAt"
  | "emailConsentSource"
  | "whatsappConsent"
  | "whatsappConsentAt"
  | "whatsappConsentSource"
  | "smsConsent"
  | "smsConsentAt"
  | "smsConsentSource"
>;

const consentKeys = {
  email: { granted: "emailConsent", at: "emailConsentAt", source: "emailConsentSource" },
  whatsapp: { granted: "whatsappConsent", at: "whatsappConsentAt", source: "whatsappConsentSource" },
  sms: { granted: "smsConsent", at: "smsConsentAt", source: "smsConsentSource" },
} as const satisfies Record<
  ConsentChannel,
  { granted: keyof ConsentColumns; at: keyof ConsentColumns; source: keyof ConsentColumns }
>;

/**
 * Consent columns for a channel. `null` clears it (unknown). When `granted` changes, the time defaults to
 * now and the source to none; when it does not, only the time/source given are changed.
 */
function consentValues(
  channel: ConsentChannel,
  input: ConsentInput | null,
  current: CustomerRow | null,
  now: Date,
): Partial<ConsentColumns> {
  const k = consentKeys[channel];
  if (input === null) return { [k.granted]: null, [k.at]: null, [k.source]: null };
  const changed = !current || current[k.granted] !== input.granted;
  const out: Partial<ConsentColumns> = { [k.granted]: input.granted };
  if (changed || input.at) out[k.at] = input.at ? new Date(input.at) : now;
  if (changed || input.source !== undefined) out[k.source] = input.source ?? null;
  return out;
}

/**
 * Creates a customer of `actor.businessId` and records a `created` activity, in one transaction.
 * Phones (any format) → E.164 with the business's country; `birthday_md`, `anniversary_md` and
 * `phone_digits` are derived; custom field values are validated against the business's definitions.
 * Output: the customer (API shape). `allowMissingRequiredCustomFields`: a customer that arrives on its own
 * (a lead form) is created even when a required custom field has no value yet. `businessCountry`: the
 * business's country (ISO 3166-1 alpha-2) when the caller has read it already; else it is read here.
 * `inTransaction`: `db` is the caller's transaction and a failure here fails it, so no savepoint of its
 * own. `timeline(customerId)`: more timeline entries of the new customer, written with the `created` one in
 * the same statement (neither touches its last activity).
 * Errors: VALIDATION with field errors (`phone`, `whatsapp`, `customFields.<key>`); NOT_FOUND on `ownerId`
 * when the owner is not a member.
 */
export async function createCustomer(
  db: DbOrTx,
  actor: CustomerActor,
  input: CreateCustomerInput,
  opts: {
    allowMissingRequiredCustomFields?: boolean;
    businessCountry?: string;
    inTransaction?: boolean;
    timeline?: (customerId: string) => ActivityInput[];
  } = {},
): Promise<CustomerOutput> {
  const country = opts.businessCountry ?? (await businessCountry(db, actor.businessId));
  const phones = normalizePhones(input, country);
  throwIfErrors(phones.fieldErrors);
  if (input.ownerId) await assertOwnerIsMember(db, actor.businessId, input.ownerId);
  const customFieldValues = opts.allowMissingRequiredCustomFields
    ? Object.fromEntries(
        Object.entries(
          await validateCustomFieldValues(db, actor.businessId, input.customFields ?? {}, { partial: true }),
        ).filter(([, v]) => v !== null),
      )
    : await validateCustomFieldValues(db, actor.businessId, input.customFields ?? {}, { partial: false });
  const now = new Date();
  const consent: Partial<ConsentColumns> = {};
  for (const channel of consentChannels) {
    const c = input.consent?.[channel];
    if (c) Object.assign(consent, consentValues(channel, c, null, now));
  }
  const phone = phones.phone ?? null;
  const whatsapp = phones.whatsapp ?? null;
  const write = async (tx: DbOrTx) => {
    const [row] = await tx
      .insert(customers)
      .values({
        businessId: actor.businessId,
        name: input.name,
        email: input.email ?? null,
        ...plainTextValues(input),
        phone,
        phoneExtension: input.phoneExtension ?? phones.phoneExtension ?? null,
        whatsapp,
        phoneDigits: phoneDigits(phone, whatsapp),
        tags: input.tags ?? [],
        lifecycleStage: input.lifecycleStage ?? "lead",
        ownerId: input.ownerId ?? null,
        dateOfBirth: input.dateOfBirth ?? null,
        anniversary: input.anniversary ?? null,
        birthdayMd: monthDay(input.dateOfBirth),
        anniversaryMd: monthDay(input.anniversary),
        ...consent,
        customFields: customFieldValues,
      })
      .returning();
    await recordActivities(
      tx,
      [
        { businessId: actor.businessId, customerId: row!.id, type: "created", actorUserId: actor.userId },
        ...(opts.timeline?.(row!.id) ?? []),
      ],
      { touch: false },
    );
    return toCustomerOutput(row!);
  };
  return opts.inTransaction ? write(db) : db.transaction(write);
}

/** The full row of one customer of the business (trashed ones too). Errors: NOT_FOUND. */
export async function getCustomerRow(
  db: DbOrTx,
  businessId: string,
  customerId: string,
): Promise<CustomerRow> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** One customer of the business (API shape), including a trashed one (`deletedAt` set). Errors: NOT_FOUND. */
export async function getCustomer(
  db: DbOrTx,
  businessId: string,
  customerId: string,
): Promise<CustomerOutput> {
  return toCustomerOutput(await getCustomerRow(db, businessId, customerId));
}

/** Plain fields compared for `field_changed` activities (the plain text ones from the field definition). */
const trackedFields = [
  "name",
  "email",
  "phone",
  "whatsapp",
  ...plainTextFields,
  "lifecycleStage",
  "ownerId",
  "dateOfBirth",
  "anniversary",
] as const;

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Updates the fields given in `patch` (absent fields stay; null clears) and records the timeline: one
 * `field_changed` activity per changed field (`{ field, from, to }`; custom fields as
 * `customFields.<key>`, consent as `emailConsent`…), `tags_added` / `tags_removed` (`{ tags }`). The row is
 * locked while compared, in one transaction. `customFields` is a patch: a key set to null is removed.
 * Output: the customer. Errors: NOT_FOUND; CONFLICT for a trashed customer (restore it first);
 * VALIDATION with field errors; NOT_FOUND on `ownerId` for a non-member.
 */
export async function updateCustomer(
  db: DbOrTx,
  actor: CustomerActor,
  customerId: string,
  patch: CustomerFieldsPatch,
): Promise<CustomerOutput> {
  const country = await businessCountry(db, actor.businessId);
  const phones = normalizePhones(patch, country);
  throwIfErrors(phones.fieldErrors);
  const cfPatch =
    patch.customFields && Object.keys(patch.customFields).length
      ? await validateCustomFieldValues(db, actor.businessId, patch.customFields, { partial: true })
      : {};
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.businessId, actor.businessId), eq(customers.id, customerId)))
      .for("update")
      .limit(1);
    if (!current) throw new AppError("NOT_FOUND");
    if (current.deletedAt) throw new AppError("CONFLICT", "This customer is in the Trash. Restore it first.");
    if (patch.ownerId && patch.ownerId !== current.ownerId) {
      await assertOwnerIsMember(tx, actor.businessId, patch.ownerId);
    }

    const now = new Date();
    const next: Partial<typeof customers.$inferInsert> = {};
    const given: Partial<Record<(typeof trackedFields)[number], unknown>> = {
      ...patch,
      ...(phones.phone !== undefined ? { phone: phones.phone } : {}),
      ...(phones.whatsapp !== undefined ? { whatsapp: phones.whatsapp } : {}),
      ...(patch.phoneExtension === undefined && phones.phoneExtension
        ? { phoneExtension: phones.phoneExtension }
        : {}),
    };
    const activities: ActivityInput[] = [];
    const activity = (type: ActivityInput["type"], data: Record<string, unknown>) =>
      activities.push({ businessId: actor.businessId, customerId, type, actorUserId: actor.userId, data });

    for (const field of trackedFields) {
      if (!(field in given) || given[field] === undefined) continue;
      const value = given[field] ?? null;
      if (sameValue(current[field], value)) continue;
      (next as Record<string, unknown>)[field] = value;
      activity("field_changed", { field, from: current[field] ?? null, to: value });
    }

    if (patch.tags !== undefined) {
      const tags = normalizeTags(patch.tags);
      const had = new Set(current.tags.map((t) => t.toLowerCase()));
      const has = new Set(tags.map((t) => t.toLowerCase()));
      const added = tags.filter((t) => !had.has(t.toLowerCase()));
      const removed = current.tags.filter((t) => !has.has(t.toLowerCase()));
      if (!sameValue(current.tags, tags)) next.tags = tags;
      if (added.length) activity("tags_added", { tags: added });
      if (removed.length) activity("tags_removed", { tags: removed });
    }

    for (const channel of consentChannels) {
      const c = patch.consent?.[channel];
      if (c === undefined) continue;
      const values = consentValues(channel, c, current, now);
      const k = consentKeys[channel];
      for (const [key, value] of Object.entries(values) as [keyof ConsentColumns, unknown][]) {
        if (!sameValue(current[key], value)) {
          (next as Record<string, unknown>)[key] = value;
        }
      }
      if (current[k.granted] !== (values[k.granted] ?? null)) {
        activity("field_changed", {
          field: k.granted,
          from: current[k.granted],
          to: values[k.granted] ?? null,
        });
      }
    }

    if (Object.keys(cfPatch).length) {
      const merged: CustomFieldValues = { ...current.customFields };
      let changed = false;
      for (const [key, value] of Object.entries(cfPatch)) {
        const before = current.customFields[key] ?? null;
        if (sameValue(before, value)) continue;
        changed = true;
        if (value === null) delete merged[key];
        else merged[key] = value;
        activity("field_changed", { field: `customFields.${key}`, from: before, to: value });
      }
      if (changed) next.customFields = merged;
    }

    // A field the user saves is reviewed: the value an import could not read for it is dropped.
    const reviewed = Object.keys(current.invalidValues).filter((entry) => {
      const key = entry.replace(/:\d+$/, "");
      return key.startsWith("customFields.") ? key.slice(13) in cfPatch : key in given || key in patch;
    });
    if (reviewed.length > 0) {
      const remaining = { ...current.invalidValues };
      for (const key of reviewed) delete remaining[key];
      next.invalidValues = remaining;
    }

    if (Object.keys(next).length === 0) return toCustomerOutput(current);

    if ("phone" in next || "whatsapp" in next) {
      next.phoneDigits = phoneDigits(
        "phone" in next ? next.phone : current.phone,
        "whatsapp" in next ? next.whatsapp : current.whatsapp,
      );
    }
    if ("dateOfBirth" in next) next.birthdayMd = monthDay(next.dateOfBirth);
    if ("anniversary" in next) next.anniversaryMd = monthDay(next.anniversary);
    next.updatedAt = now;
    if (activities.length) next.lastActivityAt = now;

    const [row] = await tx
      .update(customers)
      .set(next)
      .where(and(eq(customers.businessId, actor.businessId), eq(customers.id, customerId)))
      .returning();
    if (!row) throw new AppError("NOT_FOUND");
    await recordActivities(tx, activities, { touch: false });
    return toCustomerOutput(row);
  });
}

/**
 * Moves a customer to the Trash (`deleted_at` = now) and records a `deleted` activity. It can be restored
 * for `TRASH_RETENTION_DAYS` days. Output: `{ id, deletedAt }`. Errors: NOT_FOUND (also when already trashed).
 */
export async function softDeleteCustomer(db: Db, actor: CustomerActor, customerId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(customers.businessId, actor.businessId),
          eq(customers.id, customerId),
          isNull(customers.deletedAt),
        ),
      )
      .returning({ id: customers.id, deletedAt: customers.deletedAt });
    if (!row) throw new AppError("NOT_FOUND");
    await recordActivities(tx, [
      { businessId: actor.businessId, customerId, type: "deleted", actorUserId: actor.userId },
    ]);
    return { id: row.id, deletedAt: row.deletedAt! };
  });
}

/**
 * Restores a trashed customer and records a `restored` activity. Output: the customer.
 * Errors: NOT_FOUND when it is not in this business's Trash.
 */
export async function restoreCustomer(
  db: Db,
  actor: CustomerActor,
  customerId: string,
): Promise<CustomerOutput> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ deletedAt: null, updatedAt: sql`now()`, lastActivityAt: sql`now()` })
      .where(
        and(
          eq(customers.businessId, actor.businessId),
          eq(customers.id, customerId),
          isNotNull(customers.deletedAt),
        ),
      )
      .returning();
    if (!row) throw new AppError("NOT_FOUND");
    await recordActivities(
      tx,
      [{ businessId: actor.businessId, customerId, type: "restored", actorUserId: actor.userId }],
      { touch: false },
    );
    return toCustomerOutput(row);
  });
}

/**
 * Hard-deletes customers trashed more than `olderThanDays` (default 30) days before `now`, with their
 * notes, tasks and timeline (FK cascade) and the stored files of their notes' attachments. Works in
 * batches of `batchSize` (default 1,000) customers, each in its own transaction (`purgeTrashBatch`),
 * and stops after `maxBatches` (default 100) so one call stays bounded; what is left goes on the next
 * call. `businessId` limits it to one business (default: all, for the nightly job).
 * Output: the number of customers removed.
 * Errors: an Error when stored files could not be deleted (that batch stays in the Trash).
 */
export async function purgeDeletedCustomers(
  db: DbOrTx,
  opts: {
    businessId?: string;
    olderThanDays?: number;
    now?: Date;
    batchSize?: number;
    maxBatches?: number;
  } = {},
): Promise<number> {
  const days = opts.olderThanDays ?? TRASH_RETENTION_DAYS;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const batchSize = opts.batchSize ?? 1_000;
  const maxBatches = opts.maxBatches ?? 100;
  let total = 0;
  for (let n = 0; n < maxBatches; n++) {
    const batch = await purgeTrashBatch(db, { cutoff, batchSize, businessId: opts.businessId });
    total += batch.customers;
    if (batch.customers < batchSize) break;
  }
  return total;
}
