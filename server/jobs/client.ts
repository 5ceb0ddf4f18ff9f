import { Inngest } from "inngest";
import { logger } from "@/server/logger";
import { JobRunRecorder } from "./job-runs";

/**
 * The Inngest client of the app (id "mini-crm"). Functions are created from it
 * (`inngest.createFunction({ id, triggers: [...] }, handler)`) and served at /api/inngest.
 *
 * Services never call `inngest.send` directly: they call `sendEvent` (server/jobs/send.ts), which
 * also works when no Inngest server is configured (the local driver runs the same functions).
 */
export const inngest = new Inngest({
  id: "mini-crm",
  logger: logger.child({ component: "inngest" }),
  middleware: [JobRunRecorder],
});
