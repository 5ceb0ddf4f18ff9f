import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditEvents } from "@/db/schema";

/** Audit actions recorded by the product. */
export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.password_reset"
  | "business.created"
  | "business.updated"
  | "member.invited"
  | "member.joined"
  | "member.role_changed"
  | "member.removed"
  | "member.left"
  | "invitation.revoked"
  | "api_key.created"
  | "api_key.revoked"
  | "messaging_settings.updated";

export interface AuditInput {
  businessId?: string | null;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one audit event. */
export async function recordAudit(db: DbOrTx, input: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    businessId: input.businessId ?? null,
    actorUserId: input.actorUserId ?? null,
    actorApiKeyId: input.actorApiKeyId ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    metadata: input.metadata ?? {},
    ip: input.ip ?? null,
  });
}

/**
 * A business's audit events, newest first, 50 a page; `cursor` is the `createdAt` ISO time of the last
 * event of the previous page.
 */
export async function listAudit(
  db: DbOrTx,
  businessId: string,
  opts: { cursor?: string; limit?: number } = {},
) {
  const limit = Math.min(opts.limit ?? 50, 200);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.businessId, businessId),
        opts.cursor ? lt(auditEvents.createdAt, new Date(opts.cursor)) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.createdAt))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    data: page,
    nextCursor: rows.length > limit ? (page.at(-1)?.createdAt.toISOString() ?? null) : null,
  };
}
