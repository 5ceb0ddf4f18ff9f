import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/server/errors";

/**
 * Sign-in limits (OWASP Authentication Cheat Sheet: throttle per account and per source):
 * 5 failed attempts per email per 15 minutes, 30 attempts per IP per 15 minutes. In-process memory:
 * one server; put a shared store behind it when running several.
 */
const perEmail = new RateLimiterMemory({ keyPrefix: "signin_email", points: 5, duration: 15 * 60 });
const perIp = new RateLimiterMemory({ keyPrefix: "signin_ip", points: 30, duration: 15 * 60 });
/** Emails we send on request (verification resend, password reset): 5 per email per hour. */
const mailPerEmail = new RateLimiterMemory({ keyPrefix: "auth_mail", points: 5, duration: 60 * 60 });

function retryMessage(e: unknown): string {
  const seconds = e instanceof RateLimiterRes ? Math.ceil(e.msBeforeNext / 1000) : 900;
  return `Too many attempts. Try again in ${Math.max(1, Math.ceil(seconds / 60))} minutes.`;
}

/** Throws RATE_LIMITED when this email or IP has used up its sign-in attempts. */
export async function checkSignInAllowed(email: string, ip: string | null): Promise<void> {
  const key = email.toLowerCase();
  const res = await perEmail.get(key);
  if (res && res.consumedPoints >= 5) throw new AppError("RATE_LIMITED", retryMessage(res));
  if (ip) {
    try {
      await perIp.consume(ip);
    } catch (e) {
      throw new AppError("RATE_LIMITED", retryMessage(e));
    }
  }
}

/** Counts a failed attempt against the email. */
export async function recordFailedSignIn(email: string): Promise<void> {
  await perEmail.penalty(email.toLowerCase(), 1);
}

/** Clears the email's failed attempts after a successful sign-in. */
export async function recordSuccessfulSignIn(email: string): Promise<void> {
  await perEmail.delete(email.toLowerCase());
}

/** Throws RATE_LIMITED past 5 requested auth emails per address per hour. */
export async function checkAuthMailAllowed(email: string): Promise<void> {
  try {
    await mailPerEmail.consume(email.toLowerCase());
  } catch (e) {
    throw new AppError("RATE_LIMITED", retryMessage(e));
  }
}
