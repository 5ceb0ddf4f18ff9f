import { z } from "zod";
import { AppError } from "@/server/errors";
import { withBusiness } from "@/server/http/with-business";
import { offlineSnapshot } from "@/server/services/offline/snapshot";

export const dynamic = "force-dynamic";

const query = z.object({ businessId: z.uuid(), customerId: z.uuid().optional() });

/**
 * `GET /api/offline/snapshot?businessId=…[&customerId=…]`: what the signed-in member reads offline in a
 * business (`OfflineSnapshot`): the customers list's first page with notes and open tasks, and My
 * tasks; or one customer. Session only, never cached by the browser or the service worker.
 * Errors: 401, 404 (not a member, or the customer is not in the business), 422 on a parameter.
 */
export const GET = withBusiness(
  "customers.read",
  async (req, gate) => {
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const parsed = query.safeParse(params);
    if (!parsed.success)
      throw new AppError(
        "VALIDATION",
        "Say which business (and customer) to read.",
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])),
      );
    const access = await gate.business({ businessId: parsed.data.businessId });
    const snapshot = await offlineSnapshot(
      gate.db,
      { business: access.business, userId: gate.principal.user!.id },
      { customerId: parsed.data.customerId },
    );
    return Response.json(snapshot, { headers: { "cache-control": "no-store, private" } });
  },
  { accept: "session", what: "offline snapshot failed" },
);
