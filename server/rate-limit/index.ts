import { inArray, lt } from "drizzle-orm";
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterDrizzle,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { type DbOrTx, getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";

/**
 * Rate limits shared by every process of the app: counters live in Redis when `REDIS_URL` is set, else in
 * the database (`rate_limits`, one atomic upsert per consume). Both come from rate-limiter-flexible, whose
 * `consume` is atomic, so parallel requests can never all pass a limit they jointly exceed.
 */
export interface LimitRule {
  /** Distinguishes limits that share a store, e.g. "signin_account". */
  keyPrefix: string;
  /** Requests (or attempts) allowed per `duration`. */
  points: number;
  /** Window, in seconds. */
  duration: number;
}

export interface Limiter {
  readonly rule: LimitRule;
  /**
   * Takes one point for `key`. Output: the counter after it (`remainingPoints`, `msBeforeNext`).
   * Errors: rejects with a `RateLimiterRes` when the limit is used up (see `isLimited`).
   */
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  /** Gives points back (a successful sign-in refunds its attempt). */
  reward(key: string, points?: number): Promise<void>;
  /** Forgets `key`'s counter. */
  reset(key: string): Promise<void>;
}

let redis: Promise<Redis> | null = null;

/** One Redis client per process; ioredis is loaded only when `REDIS_URL` is set. */
function redisClient(url: string): Promise<Redis> {
  redis ??= import("ioredis").then(({ Redis }) => new Redis(url, { maxRetriesPerRequest: 2 }));
  return redis;
}

/**
 * A limiter for `rule`, created on first use on the store the environment names (`REDIS_URL`, else the
 * database). `store` forces one (tests run both).
 */
export function createLimiter(rule: LimitRule, store: "auto" | "db" | "redis" = "auto"): Limiter {
  let instance: Promise<RateLimiterAbstract> | null = null;
  const get = () => {
    instance ??= (async () => {
      const url = process.env.REDIS_URL;
      if (store === "redis" || (store === "auto" && url)) {
        if (!url) throw new Error("REDIS_URL is not set.");
        return new RateLimiterRedis({ ...rule, storeClient: await redisClient(url) });
      }
      return new RateLimiterDrizzle({
        ...rule,
        storeClient: await getDb(),
        schema: rateLimits,
        // No cleanup timer in every process: a row whose window has ended is reset by its next use.
        clearExpiredByTimeout: false,
      });
    })();
    return instance;
  };
  return {
    rule,
    consume: async (key, points = 1) => (await get()).consume(key, points),
    reward: async (key, points = 1) => {
      await (await get()).reward(key, points);
    },
    reset: async (key) => {
      await (await get()).delete(key);
    },
  };
}

/** Whether `e` is the answer of a used-up limit (not a store failure). */
export function isLimited(e: unknown): e is RateLimiterRes {
  return e instanceof RateLimiterRes;
}

/** Seconds until a used-up limit lets the next request through (at least 1). */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Charges one point of `key` (a client IP, an account…) against `limiter`. Output: 0 when allowed, else
 * the seconds to wait. Errors: a store failure, as thrown.
 */
export async function chargeOrWait(limiter: Limiter, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (e) {
    if (isLimited(e)) return retryAfterSeconds(e);
    throw e;
  }
}

/**
 * The RateLimit headers of a response (IETF draft "RateLimit header fields for HTTP":
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in seconds), plus `Retry-After` (RFC 9110
 * §10.2.3) when the limit is used up.
 */
export function rateLimitHeaders(
  rule: LimitRule,
  res: RateLimiterRes,
  limited: boolean,
): Record<string, string> {
  const reset = retryAfterSeconds(res);
  return {
    "RateLimit-Limit": String(rule.points),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(reset),
    ...(limited ? { "Retry-After": String(reset) } : {}),
  };
}

/** Rate-limit rows deleted per `pruneExpiredRateLimits` call unless told otherwise. */
export const RATE_LIMIT_PRUNE_BATCH_SIZE = 10_000;

/**
 * Deletes database rate-limit counters (`rate_limits`) whose window ended more than a day before `now`:
 * they count nothing any more (their next use would reset them), and keys such as client IPs would
 * otherwise pile up. At most `limit` rows per call. Output: rows deleted. Redis expires its keys itself.
 */
export async function pruneExpiredRateLimits(
  db: DbOrTx,
  opts: { now?: Date; limit?: number } = {},
): Promise<number> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - 86_400_000);
  const limit = opts.limit ?? RATE_LIMIT_PRUNE_BATCH_SIZE;
  const old = db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(lt(rateLimits.expire, cutoff))
    .limit(limit);
  const deleted = await db
    .delete(rateLimits)
    .where(inArray(rateLimits.key, old))
    .returning({ key: rateLimits.key });
  return deleted.length;
}
