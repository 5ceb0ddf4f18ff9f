import { startLocalDriver } from "@/server/jobs/local";

/**
 * Waits until the local driver has finished every background run started so far (and the runs those
 * started): what a webhook, a submission or an import queued has then been applied.
 */
export async function settleBackground(): Promise<void> {
  await (await startLocalDriver()).idle();
}
