import { eq } from "drizzle-orm";
import { campaigns } from "@/db/schema";
import { exclusionReasonLabels } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { withBusiness } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { listRecipients } from "@/server/services/campaigns";
import { toCsvLine } from "@/server/services/imports/csv-safety";

export const dynamic = "force-dynamic";

const header = [
  "Customer",
  "Customer ID",
  "Channel",
  "Address",
  "Status",
  "Left out because",
  "Error code",
  "Error",
  "Sent at (UTC)",
  "Delivered at (UTC)",
  "Opened at (UTC)",
  "Read at (UTC)",
  "Clicked at (UTC)",
];

const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * Downloads a campaign's recipients as CSV (UTF-8 with BOM, RFC 4180, cells that a spreadsheet would
 * run as a formula neutralised): customer, channel, address, status, why one was left out, the
 * provider's error, and each event's time in UTC. Read 500 at a time in id order. Allowed for a member
 * of the campaign's business (`campaigns.read`) or an API key of it: 404 for anyone outside the business
 * (another business's campaign is never revealed), 401 without a session or key.
 */
export const GET = withBusiness<{ id: string }>(
  "campaigns.read",
  async (_req, gate, { id }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    const [row] = await gate.db
      .select({ businessId: campaigns.businessId, name: campaigns.name })
      .from(campaigns)
      .where(eq(campaigns.id, id));
    if (!row) throw new AppError("NOT_FOUND");
    const { businessId } = await gate.business({ businessId: row.businessId });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          controller.enqueue(encoder.encode(`\uFEFF${toCsvLine(header)}`));
          let cursor: number | undefined;
          do {
            const page = await listRecipients(gate.db, businessId, id, { cursor, limit: 500 });
            const lines = page.items.map((r) =>
              toCsvLine([
                r.customerName ?? "",
                r.customerId,
                r.channel,
                r.address ?? "",
                r.status,
                r.exclusionReason ? exclusionReasonLabels[r.exclusionReason] : "",
                r.errorCode ?? "",
                r.error ?? "",
                iso(r.sentAt),
                iso(r.deliveredAt),
                iso(r.openedAt),
                iso(r.readAt),
                iso(r.clickedAt),
              ]),
            );
            controller.enqueue(encoder.encode(lines.join("")));
            cursor = page.nextCursor ?? undefined;
          } while (cursor !== undefined);
          controller.close();
        } catch (e) {
          controller.error(e);
        }
      },
    });
    const fileName = `${row.name.replace(/[^\w.-]+/g, "_").slice(0, 80) || "campaign"}-recipients.csv`;
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  },
  { what: "campaign recipients export failed" },
);
