import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, type DbOrTx, execRows } from "@/db/client";
import {
  activities,
  type CustomFieldValues,
  customers,
  invoices,
  notes,
  purchases,
  recurringInvoices,
  tasks,
  whatsappMessages,
} from "@/db/schema";
import {
  CUSTOMER_LIMITS,
  type CustomerOutput,
  type MergeableField,
  type MergeInput,
  mergeableFields,
  normalizeTags,
} from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { materializeImportedEntries, recordActivities } from "@/server/services/activities";
import { refreshPurchaseTotals } from "@/server/services/purchases/totals";
import { type CustomerRow, monthDay, phoneDigits, toCustomerOutput } from "./fields";
import { deleteCustomerRecipients } from "./recipients";

/** Customers that look like the same person, and why. */
export interface DuplicateGroup {
  reason: "phone" | "email" | "name";
  /** The shared phone (E.164), email (lower case), or the anchor customer's id for similar names. */
  key: string;
  /** How many customers share it (the group lists at most 20). */
  size: number;
  customers: CustomerOutput[];
}

const reasons = ["phone", "email", "name"] as const;
type Reason = (typeof reasons)[number];
interface DupCursor {
  reason: Reason;
  key: string;
}

/** Similarity (pg_trgm, 0–1) above which two names at the same company count as the same person. */
export const NAME_SIMILARITY = 0.6;
const GROUP_MEMBERS = 20;

function encodeCursor(c: DupCursor): string {
  return Buffer.from(JSON.stringify([c.reason, c.key])).toString("base64url");
}

function decodeCursor(cursor: string): DupCursor {
  try {
    const [reason, key] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (reasons.includes(reason as Reason) && typeof key === "string")
      return { reason: reason as Reason, key };
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid.", { cursor: "Invalid cursor." });
}

interface GroupRow {
  key: string;
  ids: string[];
  n: number;
}

/** Same phone: a GroupAggregate over the (business_id, phone) index, in key order, stopping at `limit`. */
function phoneGroups(db: DbOrTx, businessId: string, after: string | null, limit: number) {
  return execRows<GroupRow>(
    db,
    sql`select phone as key, (array_agg(id order by created_at, id))[1:${sql.raw(String(GROUP_MEMBERS))}] as ids, count(*)::int as n
      from customers
      where business_id = ${businessId}::uuid and deleted_at is null and phone is not null
        ${after === null ? sql`` : sql`and phone > ${after}`}
      group by phone having count(*) > 1
      order by phone limit ${limit}`,
  );
}

/** Same email ignoring case, over the (business_id, lower(email)) index. */
function emailGroups(db: DbOrTx, businessId: string, after: string | null, limit: number) {
  return execRows<GroupRow>(
    db,
    sql`select lower(email) as key, (array_agg(id order by created_at, id))[1:${sql.raw(String(GROUP_MEMBERS))}] as ids,
        count(*)::int as n
      from customers
      where business_id = ${businessId}::uuid and deleted_at is null and email is not null
        ${after === null ? sql`` : sql`and lower(email) > ${after}`}
      group by lower(email) having count(*) > 1
      order by lower(email) limit ${limit}`,
  );
}

/**
 * Similar names at the same company (case-insensitive): pairs found with the trigram operator `%`
 * (threshold set to `NAME_SIMILARITY` for the transaction) so the partial GIN index on lower(name) of
 * customers with a company (`customers_company_name_trgm_idx`) finds the
 * candidates, then compared exactly with `similarity()` and only within the same company. A group is
 * anchored at its smallest id; customers that match an earlier anchor are not anchors themselves.
 */
function nameGroups(db: DbOrTx, businessId: string, after: string | null, limit: number) {
  const similar = (x: string, y: string) =>
    sql.raw(
      `coalesce(${y}.company, '') <> '' and lower(${y}.company) = lower(${x}.company) and lower(${y}.name) % lower(${x}.name) and similarity(lower(${y}.name), lower(${x}.name)) > ${NAME_SIMILARITY}`,
    );
  return execRows<GroupRow>(
    db,
    sql`select a.id::text as key,
        (array[a.id] || (array_agg(b.id order by b.id))[1:${sql.raw(String(GROUP_MEMBERS - 1))}]) as ids,
        (count(*) + 1)::int as n
      from customers a
      join customers b on b.business_id = a.business_id and b.deleted_at is null and b.id > a.id
        and ${similar("a", "b")}
      where a.business_id = ${businessId}::uuid and a.deleted_at is null and coalesce(a.company, '') <> ''
        ${after === null ? sql`` : sql`and a.id > ${after}::uuid`}
        and not exists (
          select 1 from customers p
          where p.business_id = a.business_id and p.deleted_at is null and p.id < a.id and ${similar("a", "p")}
        )
      group by a.id
      order by a.id limit ${limit}`,
  );
}

/**
 * Possible duplicates among a business's live customers: same phone, then same email (case-insensitive),
 * then similar names (pg_trgm similarity > 0.6) at the same company. Keyset-paginated across the three
 * kinds by an opaque cursor; `limit` groups per page (default 20), each listing up to 20 customers.
 * Output: `{ groups, nextCursor }`. Errors: VALIDATION for a malformed cursor.
 */
export async function findDuplicateGroups(
  db: Db,
  businessId: string,
  opts: { limit?: number; cursor?: string | null } = {},
): Promise<{ groups: DuplicateGroup[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const cursor = opts.cursor ? decodeCursor(opts.cursor) : null;
  const startAt = cursor ? reasons.indexOf(cursor.reason) : 0;
  const found: Array<{ reason: Reason } & GroupRow> = [];
  let more = false;

  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local pg_trgm.similarity_threshold = ${NAME_SIMILARITY}`));
    for (let i = startAt; i < reasons.length; i++) {
      const reason = reasons[i]!;
      const after = cursor && cursor.reason === reason ? cursor.key : null;
      const want = limit - found.length + 1;
      const rows =
        reason === "phone"
          ? await phoneGroups(tx, businessId, after, want)
          : reason === "email"
            ? await emailGroups(tx, businessId, after, want)
            : await nameGroups(tx, businessId, after, want);
      for (const r of rows) found.push({ reason, ...r });
      if (found.length > limit) {
        more = true;
        break;
      }
    }
  });

  const page = found.slice(0, limit);
  const ids = [...new Set(page.flatMap((g) => g.ids))];
  const rows = ids.length
    ? await db
        .select()
        .from(customers)
        .where(and(eq(customers.businessId, businessId), inArray(customers.id, ids)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, toCustomerOutput(r)]));
  const last = page.at(-1);
  return {
    groups: page.map((g) => ({
      reason: g.reason,
      key: g.key,
      size: g.n,
      customers: g.ids.map((id) => byId.get(id)).filter((c): c is CustomerOutput => Boolean(c)),
    })),
    nextCursor: more && last ? encodeCursor({ reason: last.reason, key: last.key }) : null,
  };
}

/** Columns each mergeable field carries over together (a phone keeps its extension; consent its time). */
const fieldColumns: Record<MergeableField, (keyof CustomerRow)[]> = {
  name: ["name"],
  email: ["email"],
  phone: ["phone", "phoneExtension"],
  whatsapp: ["whatsapp"],
  company: ["company"],
  address: ["addressLine1", "addressLine2", "city", "state", "postalCode", "country"],
  source: ["source"],
  lifecycleStage: ["lifecycleStage"],
  ownerId: ["ownerId"],
  dateOfBirth: ["dateOfBirth"],
  anniversary: ["anniversary"],
  emailConsent: ["emailConsent", "emailConsentAt", "emailConsentSource"],
  whatsappConsent: ["whatsappConsent", "whatsappConsentAt", "whatsappConsentSource"],
  smsConsent: ["smsConsent", "smsConsentAt", "smsConsentSource"],
  externalId: ["externalId"],
};

/** Whether a customer has a value for a field (its first column; address: any part). */
function hasValue(row: CustomerRow, field: MergeableField): boolean {
  const cols = field === "address" ? fieldColumns.address : fieldColumns[field].slice(0, 1);
  return cols.some((c) => row[c] !== null && row[c] !== "");
}

/**
 * Merges duplicates into the survivor, in one transaction: per field the value of the customer named in
 * `fields` (else the survivor's, else the first merged customer's that has one); tags united
 * (case-insensitive, at most 100); custom fields united (same precedence, `customFields.<key>` in `fields`
 * picks one); notes, tasks and timeline moved to the survivor; merged customers hard-deleted; a `merged`
 * activity on the survivor (`{ merged: [{ id, name }], fields }`).
 * Output: the survivor. Errors: VALIDATION (survivor among merged, repeated ids, unknown field or a
 * source that is not part of the merge); NOT_FOUND when any customer is not this business's;
 * CONFLICT when the survivor is in the Trash.
 */
export async function mergeCustomers(
  db: Db,
  ctx: { businessId: string; userId: string | null },
  input: MergeInput,
): Promise<CustomerOutput> {
  const mergedIds = [...new Set(input.mergedIds)];
  if (mergedIds.includes(input.survivorId)) {
    throw new AppError("VALIDATION", "The surviving customer cannot also be merged away.", {
      mergedIds: "Leave out the surviving customer.",
    });
  }
  const allIds = [input.survivorId, ...mergedIds];
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.businessId, ctx.businessId), inArray(customers.id, allIds)))
      .for("update");
    if (rows.length !== allIds.length) throw new AppError("NOT_FOUND");
    const byId = new Map(rows.map((r) => [r.id, r]));
    const survivor = byId.get(input.survivorId)!;
    if (survivor.deletedAt)
      throw new AppError("CONFLICT", "Restore the surviving customer from the Trash first.");
    const merged = mergedIds.map((id) => byId.get(id)!);

    const fieldErrors: Record<string, string> = {};
    for (const [field, sourceId] of Object.entries(input.fields)) {
      const known =
        (mergeableFields as readonly string[]).includes(field) || field.startsWith("customFields.");
      if (!known) fieldErrors[`fields.${field}`] = "Not a field that can be merged.";
      else if (!byId.has(sourceId)) fieldErrors[`fields.${field}`] = "Choose one of the merged customers.";
    }
    if (Object.keys(fieldErrors).length) {
      throw new AppError("VALIDATION", Object.values(fieldErrors)[0], fieldErrors);
    }

    const next: Partial<CustomerRow> = {};
    for (const field of mergeableFields) {
      const chosen = input.fields[field];
      const source = chosen
        ? byId.get(chosen)!
        : hasValue(survivor, field)
          ? survivor
          : (merged.find((m) => hasValue(m, field)) ?? survivor);
      if (source === survivor) continue;
      for (const col of fieldColumns[field]) (next as Record<string, unknown>)[col] = source[col];
    }
    next.tags = normalizeTags([survivor, ...merged].flatMap((r) => r.tags)).slice(0, CUSTOMER_LIMITS.tags);

    const customFields: CustomFieldValues = {};
    for (const r of [...merged].reverse()) Object.assign(customFields, r.customFields);
    Object.assign(customFields, survivor.customFields);
    for (const [field, sourceId] of Object.entries(input.fields)) {
      if (!field.startsWith("customFields.")) continue;
      const key = field.slice("customFields.".length);
      const value = byId.get(sourceId)!.customFields[key];
      if (value === undefined || value === null) delete customFields[key];
      else customFields[key] = value;
    }
    next.customFields = customFields;

    const phone = "phone" in next ? (next.phone ?? null) : survivor.phone;
    const whatsapp = "whatsapp" in next ? (next.whatsapp ?? null) : survivor.whatsapp;
    next.phoneDigits = phoneDigits(phone, whatsapp);
    if ("dateOfBirth" in next) next.birthdayMd = monthDay(next.dateOfBirth);
    if ("anniversary" in next) next.anniversaryMd = monthDay(next.anniversary);
    const now = new Date();
    next.updatedAt = now;
    next.lastActivityAt = now;
    // The WhatsApp service window is the person's: the latest inbound message of any of the records.
    const inbound = [survivor, ...merged]
      .map((r) => r.whatsappLastInboundAt)
      .filter((d): d is Date => d instanceof Date)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (inbound) next.whatsappLastInboundAt = inbound;

    const movedTo = { customerId: input.survivorId };
    await tx
      .update(notes)
      .set(movedTo)
      .where(and(eq(notes.businessId, ctx.businessId), inArray(notes.customerId, mergedIds)));
    await tx
      .update(tasks)
      .set(movedTo)
      .where(and(eq(tasks.businessId, ctx.businessId), inArray(tasks.customerId, mergedIds)));
    // One-to-one WhatsApp messages are the conversation with the person: they move like notes.
    await tx
      .update(whatsappMessages)
      .set(movedTo)
      .where(
        and(eq(whatsappMessages.businessId, ctx.businessId), inArray(whatsappMessages.customerId, mergedIds)),
      );
    // Bills and purchases follow the person; the survivor's totals are recomputed below.
    await tx
      .update(invoices)
      .set(movedTo)
      .where(and(eq(invoices.businessId, ctx.businessId), inArray(invoices.customerId, mergedIds)));
    await tx
      .update(recurringInvoices)
      .set(movedTo)
      .where(
        and(
          eq(recurringInvoices.businessId, ctx.businessId),
          inArray(recurringInvoices.customerId, mergedIds),
        ),
      );
    await tx
      .update(purchases)
      .set(movedTo)
      .where(and(eq(purchases.businessId, ctx.businessId), inArray(purchases.customerId, mergedIds)));
    // A merged customer's "imported" entry is derived from its import_id: keep it as a row that moves.
    await materializeImportedEntries(tx, ctx.businessId, mergedIds);
    await tx
      .update(activities)
      .set(movedTo)
      .where(and(eq(activities.businessId, ctx.businessId), inArray(activities.customerId, mergedIds)));
    await deleteCustomerRecipients(tx, ctx.businessId, mergedIds);
    await tx
      .delete(customers)
      .where(and(eq(customers.businessId, ctx.businessId), inArray(customers.id, mergedIds)));
    await refreshPurchaseTotals(tx, ctx.businessId, [input.survivorId]);
    const [row] = await tx
      .update(customers)
      .set(next)
      .where(and(eq(customers.businessId, ctx.businessId), eq(customers.id, input.survivorId)))
      .returning();
    await recordActivities(
      tx,
      [
        {
          businessId: ctx.businessId,
          customerId: input.survivorId,
          type: "merged",
          actorUserId: ctx.userId,
          data: { merged: merged.map((m) => ({ id: m.id, name: m.name })), fields: input.fields },
        },
      ],
      { touch: false },
    );
    return toCustomerOutput(row!);
  });
}
