import { createLimiter, isLimited, type Limiter, retryAfterSeconds } from "@/server/rate-limit";

/*
 * Rate limits of the public lead form endpoints, in the shared store (server/rate-limit: Redis when
 * REDIS_URL is set, else Postgres). Submissions are limited per client IP (across all forms: one script
 * hammering many forms) and per form (many addresses flooding one form). Defaults suit a small business's
 * site; the environment can raise them (LEAD_FORM_SUBMISSIONS_PER_IP per 10 minutes,
 * LEAD_FORM_SUBMISSIONS_PER_FORM per minute), e.g. for a load test.
 */

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

let limiters: { ip: Limiter; form: Limiter; events: Limiter } | null = null;

function get() {
  limiters ??= {
    ip: createLimiter({
      keyPrefix: "lead_form_ip",
      points: envInt("LEAD_FORM_SUBMISSIONS_PER_IP", 20),
      duration: 600,
    }),
    form: createLimiter({
      keyPrefix: "lead_form_form",
      points: envInt("LEAD_FORM_SUBMISSIONS_PER_FORM", 600),
      duration: 60,
    }),
    events: createLimiter({ keyPrefix: "lead_form_events_ip", points: 120, duration: 60 }),
  };
  return limiters;
}

/** Forgets the limiters (tests change the environment between files). */
export function resetLeadFormLimiters(): void {
  limiters = null;
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

/**
 * Charges one submission to the client IP (when known) and to the form. Output: 0 when allowed, else the
 * seconds to wait (`Retry-After`). Errors: the store's error when it cannot be reached.
 */
export async function chargeSubmission(formId: string, ip: string | null): Promise<number> {
  const l = get();
  const byIp = ip ? await charge(l.ip, ip) : 0;
  if (byIp > 0) return byIp;
  return charge(l.form, formId);
}

/** Charges one view/start event to the client IP. Output: 0 when allowed, else seconds to wait. */
export async function chargeEvent(ip: string | null): Promise<number> {
  return ip ? charge(get().events, ip) : 0;
}
