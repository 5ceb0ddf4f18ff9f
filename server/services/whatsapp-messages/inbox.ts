import { and, desc, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers } from "@/db/schema";
import {
  inboxCursor,
  parseInboxCursor,
  serviceWindow,
  type WhatsappInboxInput,
  type WhatsappInboxView,
  whatsappInboxInput,
} from "@/server/domain/whatsapp-messages";

/**
 * The business's WhatsApp inbox: every customer who has written on WhatsApp (not in the Trash), the
 * latest first, with their last message, the business's last one-to-one reply and the 24-hour service
 * window (Meta's rule, see server/domain/whatsapp-messages.ts). `show: "awaiting"` keeps those whose
 * last message came after the business's last reply. Keyset pages of `limit` (default 50) by (last inbound
 * time, customer id), served by `customers_business_id_whatsapp_last_inbound_at_idx`; each row's last
 * text and last reply come from their own indexes. Output: `{ data, nextCursor }`; times are UTC.
 */
export async function whatsappInbox(
  db: DbOrTx,
  businessId: string,
  rawInput: WhatsappInboxInput = {},
  now: Date = new Date(),
): Promise<WhatsappInboxView> {
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
    })
    .from(customers)
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
      windowClosesAt: window.open ? window.closesAt : window.closedAt!,
      windowOpen: window.open,
    };
  });
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > input.limit && last ? inboxCursor(last) : null };
}
