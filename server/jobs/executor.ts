import { logger } from "@/server/logger";

/**
 * Which executor runs background functions in this process:
 * - "inngest": an Inngest server (cloud or self-hosted) when INNGEST_EVENT_KEY is set, or the Inngest
 *   dev server when INNGEST_DEV is set and it answers;
 * - "local": the in-process local driver otherwise (a fresh machine needs no extra service).
 *
 * Environment variables are read when first asked (not at import), so scripts and tests can set them
 * before the first event is sent. The answer is cached for the life of the process.
 */
export type Executor = "inngest" | "local";

const devServerProbeTimeoutMs = 500;
let cached: Promise<Executor> | undefined;

/** The executor for this process (see `Executor`); probes the dev server once, 500 ms timeout. */
export function backgroundExecutor(): Promise<Executor> {
  cached ??= decide();
  return cached;
}

/** Forgets the cached decision (tests that switch environment variables). */
export function resetBackgroundExecutor(): void {
  cached = undefined;
}

async function decide(): Promise<Executor> {
  if (process.env.INNGEST_EVENT_KEY) return "inngest";
  const devUrl = inngestDevServerUrl();
  if (!devUrl) return "local";
  const reachable = await probe(devUrl);
  if (!reachable) {
    logger.warn(
      { devUrl },
      "INNGEST_DEV is set but the Inngest dev server does not answer; using the local driver",
    );
  }
  return reachable ? "inngest" : "local";
}

/**
 * The dev server URL implied by INNGEST_DEV, as the Inngest SDK reads it: "1"/"true" means the
 * default host (or INNGEST_BASE_URL), a URL means that URL, "0"/"false" or unset means no dev server.
 */
export function inngestDevServerUrl(): string | undefined {
  const value = process.env.INNGEST_DEV?.trim();
  if (!value) return undefined;
  if (/^(0|false)$/i.test(value)) return undefined;
  if (/^(1|true)$/i.test(value)) {
    return process.env.INNGEST_EVENT_API_BASE_URL || process.env.INNGEST_BASE_URL || "http://localhost:8288";
  }
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).href;
  } catch {
    return undefined;
  }
}

async function probe(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(new URL("/dev", baseUrl), {
      signal: AbortSignal.timeout(devServerProbeTimeoutMs),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
