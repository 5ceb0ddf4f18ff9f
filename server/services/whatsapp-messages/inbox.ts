import { and, desc, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys, customers, users, whatsappConversationReads } from "@/db/schema";
import {
  inboxCursor,
  parseInboxCursor,
  serviceWindow,
  type WhatsappInboxInput,
  type WhatsappInboxView,
  whatsappInboxInput,
} from "@/server/domain/whatsapp-messages";
import { AppError } from "@/server/errors";

/** Who reads the inbox: a member, or an API key (which reads as the member who created it). */
export interface InboxViewer {
  businessId: string;
  userId: string | null;
  apiKeyId?: string | null;
}

/** The member whose reads count: the signed-in user, else the API key's creator (null when gone). */
async function viewingMember(db: DbOrTx, viewer: InboxViewer): Promise<string | null> {
  if (viewer.userId) return viewer.userId;
  if (!viewer.apiKeyId) return null;
  const [key] = await db
    .select({ createdById: apiKeys.createdById })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, viewer.apiKeyId), eq(apiKeys.businessId, viewer.businessId)));
  return key?.createdById ?? null;
}

/**
 * The business's WhatsApp inbox: every customer who has written on WhatsApp (not in the Trash), the
 * latest first, with their last message, the business's last one-to-one reply and the 24-hour service
 * window (Meta's rule, see server/domain/whatsapp-messages.ts), whether the viewing member has read it
 * since the customer last wrote, and who it is assigned to (the customer's owner). `show`: `awaiting`
 * keeps those whose last message came after the business's last reply; `unread` those the viewer has not
 * read since; `mine` the viewer's own customers. Keyset pages of `limit` (default 50) by (last inbound
 * time, customer id), served by `customers_business_id_whatsapp_last_inbound_at_idx`; each row's last
 * text, last reply and read time come from their own indexes. Input: the business and the viewing member.
 * Output: `{ data, nextCursor }`; times are UTC.
 */
export async function whatsappInbox(
  db: DbOrTx,
  viewer: InboxViewer,
  rawInput: WhatsappInboxInput = {},
  now: Date = new Date(),
): Promise<WhatsappInboxView> {
  const { businessId } = viewer;
  const userId = await viewingMember(db, viewer);
  const input = whatsappInboxInput.parse(rawInput);
  // Correlated subqueries name their tables in full: inside a select list Drizzle writes a column
  // without its table, which the subquery would read as its own table's column.
  const lastText = sql<string | null>`(
    select a.data->>'text' from activities a
    where a.business_id = "customers"."business_id" and a.customer_id = "customers"."id"
      and a.type = 'message_received' and a.data->>'channel' = 'whatsapp'
    order by a.created_at desc limit 1)`;
  const lastReply = sql`(
    select max(m.created_at) from whatsapp_messages m
    where m.business_id = "customers"."business_id" and m.customer_id = "customers"."id")`.mapWith(
    customers.whatsappLastInboundAt,
  );
  const lastRead = sql`(
    select r.read_at from whatsapp_conversation_reads r
    where r.customer_id = "customers"."id" and r.user_id = ${userId})`.mapWith(
    customers.whatsappLastInboundAt,
  );
  const after = input.cursor ? parseInboxCursor(input.cursor) : null;
  const rows = await db
    .select({
      customerId: customers.id,
      name: customers.name,
      whatsapp: customers.whatsapp,
      phone: customers.phone,
      lastInboundAt: customers.whatsappLastInboundAt,
      lastInboundText: lastText,
      lastReplyAt: lastReply,
      lastReadAt: lastRead,
      ownerId: customers.ownerId,
      ownerName: users.name,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(
      and(
        eq(customers.businessId, businessId),
        isNull(customers.deletedAt),
        isNotNull(customers.whatsappLastInboundAt),
        after
          ? or(
              lt(customers.whatsappLastInboundAt, after.at),
              and(eq(customers.whatsappLastInboundAt, after.at), lt(customers.id, after.customerId)),
            )
          : undefined,
        input.show === "awaiting"
          ? sql`coalesce(${lastReply} < ${customers.whatsappLastInboundAt}, true)`
          : undefined,
        input.show === "unread"
          ? sql`coalesce(${lastRead} < ${customers.whatsappLastInboundAt}, true)`
          : undefined,
        input.show === "mine" ? (userId ? eq(customers.ownerId, userId) : sql`false`) : undefined,
      ),
    )
    .orderBy(desc(customers.whatsappLastInboundAt), desc(customers.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit).map((r) => {
    const lastInboundAt = r.lastInboundAt!;
    const window = serviceWindow(lastInboundAt, now);
    return {
      customerId: r.customerId,
      name: r.name,
      number: r.whatsapp ?? r.phone,
      lastInboundAt,
      lastInboundText: r.lastInboundText,
      lastReplyAt: r.lastReplyAt ?? null,
      awaitingReply: !r.lastReplyAt || r.lastReplyAt.getTime() < lastInboundAt.getTime(),
      unread: !r.lastReadAt || r.lastReadAt.getTime() < lastInboundAt.getTime(),
      ownerId: r.ownerId,
      ownerName: r.ownerId ? (r.ownerName ?? null) : null,
      windowClosesAt: window.open ? window.closesAt : window.closedAt!,
      windowOpen: window.open,
    };
  });
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > input.limit && last ? inboxCursor(last) : null };
}

/**
 * Marks a customer's WhatsApp conversation read by a member up to now (`read_at` never moves back).
 * Nothing is stored for a customer who never wrote on WhatsApp. Input: the business, the member and the
 * customer. Output: `{ readAt }` (UTC; null when the customer never wrote). Errors: NOT_FOUND when the
 * customer is not this business's (or is in the Trash).
 */
export async function markWhatsappConversationRead(
  db: DbOrTx,
  viewer: InboxViewer,
  customerId: string,
  now: Date = new Date(),
): Promise<{ readAt: Date | null }> {
  const userId = await viewingMember(db, viewer);
  const [customer] = await db
    .select({ lastInboundAt: customers.whatsappLastInboundAt })
    .from(customers)
    .where(
      and(
        eq(customers.id, customerId),
        eq(customers.businessId, viewer.businessId),
        isNull(customers.deletedAt),
      ),
    );
  if (!customer) throw new AppError("NOT_FOUND", "No such customer in this business.");
  if (!customer.lastInboundAt) return { readAt: null };
  if (!userId)
    throw new AppError(
      "VALIDATION",
      "This API key has no member to read for: its creator left the business.",
    );
  const [row] = await db
    .insert(whatsappConversationReads)
    .values({ businessId: viewer.businessId, customerId, userId, readAt: now })
    .onConflictDoUpdate({
      target: [whatsappConversationReads.customerId, whatsappConversationReads.userId],
      set: { readAt: sql`greatest(${whatsappConversationReads.readAt}, excluded.read_at)` },
    })
    .returning({ readAt: whatsappConversationReads.readAt });
  return { readAt: row?.readAt ?? now };
}
