import { offlineMutationInput } from "@/server/domain/offline";
import { AppError } from "@/server/errors";
import { limitBody } from "@/server/http/body-limit";
import { withBusiness } from "@/server/http/with-business";
import { applyOfflineMutation, OfflineConflictError } from "@/server/services/offline/apply";

export const dynamic = "force-dynamic";

/** A queued write is a note or a few fields: 64 KB is plenty (a note's body is at most 50,000 characters). */
const BODY_MAX_BYTES = 256 * 1024;

/**
 * `POST /api/offline/mutations`: replays one write the app queued offline (components/offline), for the
 * signed-in member (session only). Body: `offlineMutationInput` (`{ key, businessId, userId, queuedAt,
 * op }`). Answers `200 { status: "applied" | "replayed", result }`; a replay of the same key answers
 * the first result and writes nothing. Errors: 401 signed out (the app keeps the write and replays it
 * after sign-in); 403 another account's write or a role without the permission; 404 the customer or task
 * is gone; 409 `{ code: "CONFLICT", conflicts: [{ field, yours, theirs, base }] }` for a customer edit
 * that meets a newer value; 413 over 256 KB; 422 `{ issues }` per field.
 */
export const POST = withBusiness(
  "customers.read",
  async (req, gate) => {
    const limited = await limitBody(req, BODY_MAX_BYTES);
    if (limited instanceof Response) return limited;
    let raw: unknown;
    try {
      raw = await limited.json();
    } catch {
      throw new AppError("VALIDATION", "The body must be JSON.");
    }
    const parsed = offlineMutationInput.safeParse(raw);
    if (!parsed.success)
      throw new AppError(
        "VALIDATION",
        parsed.error.issues[0]?.message ?? "Invalid change.",
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])),
      );
    const access = await gate.business({ businessId: parsed.data.businessId });
    const userId = gate.principal.user!.id;
    try {
      const out = await applyOfflineMutation(
        gate.db,
        { businessId: access.businessId, userId, can: access.can },
        parsed.data,
      );
      return Response.json(out, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof OfflineConflictError)
        return Response.json(
          { code: "CONFLICT", message: e.message, conflicts: e.conflicts },
          { status: 409, headers: { "cache-control": "no-store" } },
        );
      throw e;
    }
  },
  { accept: "session", what: "offline change failed" },
);
