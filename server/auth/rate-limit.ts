import { retryMessage } from "@/server/domain/retry-message";
import { AppError } from "@/server/errors";
import { createLimiter, isLimited, type Limiter, retryAfterSeconds } from "@/server/rate-limit";

/**
 * Sign-in limits (OWASP Authentication Cheat Sheet: throttle per account and per source, without letting
 * anyone lock a user out): every attempt is charged BEFORE the password is checked, atomically, so
 * parallel guesses cannot slip past a counter read earlier.
 * - per account and IP: 5 attempts per 15 minutes (the tight one: an attacker's own address);
 * - per account: 20 per 15 minutes, then 100 per day (growing delays for guesses spread over many IPs);
 * - per IP: 100 per 15 minutes (one address trying many accounts).
 * A successful sign-in clears its (account, IP) counter and gives its account attempt back.
 * Counters are shared by every process (`server/rate-limit`).
 */
const perAccountIp = createLimiter({ keyPrefix: "signin_account_ip", points: 5, duration: 15 * 60 });
const perAccount = createLimiter({ keyPrefix: "signin_account", points: 20, duration: 15 * 60 });
const perAccountDay = createLimiter({ keyPrefix: "signin_account_day", points: 100, duration: 24 * 60 * 60 });
const perIp = createLimiter({ keyPrefix: "signin_ip", points: 100, duration: 15 * 60 });
/** Emails we send on request (verification resend, password reset): 5 per email per hour. */
const mailPerEmail = createLimiter({ keyPrefix: "auth_mail", points: 5, duration: 60 * 60 });

/** RATE_LIMITED with how long to wait, in seconds (the sign-in form says when to retry). */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", retryMessage(retryAfterSeconds));
  }
}

async function charge(limiter: Limiter, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (e) {
    if (isLimited(e)) return retryAfterSeconds(e);
    throw e;
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();

/**
 * Charges one sign-in attempt for `email` from `ip` (null when unknown: the account limits still apply).
 * `knownSource`: the account has signed in from this IP before, so guesses spread over other addresses,
 * which use up the account-wide limits, do not lock its owner out here (only the tight per account-and-IP
 * limit applies).
 * Errors: RateLimitedError (RATE_LIMITED, with the seconds to wait) once any of the limits is used up.
 */
export async function chargeSignInAttempt(
  email: string,
  ip: string | null,
  opts: { knownSource?: boolean } = {},
): Promise<void> {
  const account = accountKey(email);
  // The source's own limits first: attempts they refuse never reach the account's budget, so one address
  // hammering an account cannot use up the limits its owner signs in under.
  const first = Math.max(
    ...(await Promise.all([
      charge(perAccountIp, `${account}|${ip ?? "unknown"}`),
      ip ? charge(perIp, ip) : Promise.resolve(0),
    ])),
  );
  if (first > 0) throw new RateLimitedError(first);
  if (opts.knownSource && ip) return;
  const wait = Math.max(
    ...(await Promise.all([charge(perAccount, account), charge(perAccountDay, account)])),
  );
  if (wait > 0) throw new RateLimitedError(wait);
}

/** After a successful sign-in: clears the (account, IP) counter and refunds the account's attempt. */
export async function recordSuccessfulSignIn(email: string, ip: string | null): Promise<void> {
  const account = accountKey(email);
  await Promise.all([
    perAccountIp.reset(`${account}|${ip ?? "unknown"}`),
    perAccount.reward(account),
    perAccountDay.reward(account),
  ]);
}

/** Throws RATE_LIMITED past 5 requested auth emails per address per hour. */
export async function checkAuthMailAllowed(email: string): Promise<void> {
  const wait = await charge(mailPerEmail, accountKey(email));
  if (wait > 0) throw new RateLimitedError(wait);
}
