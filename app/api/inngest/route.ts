import { serve } from "inngest/next";
import { inngest } from "@/server/jobs/client";
import { functions } from "@/server/jobs/functions";

/**
 * The Inngest serve endpoint: an Inngest server (cloud, self-hosted, or the dev server) registers the
 * app's functions here and calls back to run them. Requests are signed with INNGEST_SIGNING_KEY
 * (checked by the SDK); without an Inngest server configured the local driver runs the same
 * functions in-process instead and nothing calls this route.
 */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
