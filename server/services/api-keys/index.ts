import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";

/** Every key starts with this, so secret scanners and people can recognise it. */
export const API_KEY_PREFIX = "mcrm_";

/**
 * Creates an API key for a business. Output: the key row plus `key`, the secret, returned this once;
 * only its SHA-256 is stored.
 */
export async function createApiKey(
  db: Db,
  actor: { businessId: string; userId: string | null },
  input: { name: string },
) {
  const key = `${API_KEY_PREFIX}${generateToken(30)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      businessId: actor.businessId,
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyHash: hashToken(key),
      createdById: actor.userId,
    })
    .returning();
  await recordAudit(db, {
    businessId: actor.businessId,
    actorUserId: actor.userId,
    action: "api_key.created",
    targetType: "api_key",
    targetId: row!.id,
    metadata: { name: input.name },
  });
  return { id: row!.id, name: row!.name, prefix: row!.prefix, createdAt: row!.createdAt, key };
}

/** A business's API keys (never their secrets), active first, newest first. */
export async function listApiKeys(db: DbOrTx, businessId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.businessId, businessId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key at once. Errors: NOT_FOUND when it is not this business's active key. */
export async function revokeApiKey(
  db: Db,
  actor: { businessId: string; userId: string | null },
  apiKeyId: string,
) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.businessId, actor.businessId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  if (!row) throw new AppError("NOT_FOUND");
  await recordAudit(db, {
    businessId: actor.businessId,
    actorUserId: actor.userId,
    action: "api_key.revoked",
    targetType: "api_key",
    targetId: row.id,
    metadata: { name: row.name },
  });
  return { ok: true as const };
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or null. */
export function bearerToken(headers: Headers): string | null {
  const authz = headers.get("authorization");
  return authz?.toLowerCase().startsWith("bearer ") ? authz.slice(7).trim() : null;
}

/**
 * Resolves `Authorization: Bearer <key>` to its business. Output: `{ id, businessId }` or null for a
 * missing, unknown or revoked key. Updates `lastUsedAt` at most once a minute.
 */
export async function authenticateApiKey(db: DbOrTx, key: string | null | undefined) {
  if (!key?.startsWith(API_KEY_PREFIX)) return null;
  const [row] = await db
    .select({ id: apiKeys.id, businessId: apiKeys.businessId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, businessId: row.businessId };
}
