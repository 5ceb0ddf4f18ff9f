import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type FakeRazorpay, startFakeRazorpay } from "../helpers/fake-razorpay";
import { type FakeStripe, startFakeStripe } from "../helpers/fake-stripe";
import { browserPort } from "./ports";

const root = path.resolve(import.meta.dirname, "../..");
let server: ChildProcess | undefined;
let dataDir: string | undefined;
let stripe: FakeStripe | undefined;
let razorpay: FakeRazorpay | undefined;

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not become healthy: ${last}`);
}

/**
 * Builds the app if there is no build, starts `next start` on a free port with a fresh data folder
 * (PGlite) or the given DATABASE_URL, and hands the URL to the tests as `E2E_BASE_URL`.
 */
export default async function setup(project: TestProject) {
  // embed.js is generated (components/lead-forms/embed/build.ts); `next build` alone does not make it.
  const embed = spawnSync("npm", ["run", "build:embed"], { cwd: root, stdio: "inherit" });
  if (embed.status !== 0) throw new Error("building embed.js failed");
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the build failed");
  } else if (!existsSync(path.join(root, "public", "sw.js"))) {
    // A `next build` made without the service worker step.
    const sw = spawnSync("npx", ["serwist", "build", "serwist.config.mjs"], { cwd: root, stdio: "inherit" });
    if (sw.status !== 0) throw new Error("building the service worker failed");
  }
  const port = browserPort(3100, 800);
  const baseUrl = `http://localhost:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), "mini-crm-e2e-"));
  // Stripe's and Razorpay's APIs, faked at their HTTP boundary; paying on their pages calls our webhooks.
  stripe = await startFakeStripe();
  razorpay = await startFakeRazorpay();
  stripe.webhookUrl = `${baseUrl}/api/webhooks/stripe`;
  razorpay.webhookUrl = `${baseUrl}/api/webhooks/razorpay`;
  server = spawn("npx", ["next", "start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      APP_URL: baseUrl,
      MINI_CRM_DATA_DIR: dataDir,
      MINI_CRM_AUTO_MIGRATE: "true",
      MINI_CRM_DEV_MAILBOX: "true",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      // Like a real deployment: with DATABASE_URL, production needs its own key for provider secrets.
      MINI_CRM_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      RESEND_API_KEY: "",
      STRIPE_API_BASE_URL: stripe.url,
      RAZORPAY_API_BASE_URL: razorpay.url,
      LOG_LEVEL: "warn",
      // The browser suite's push service is a local one (tests/helpers/fake-push.ts), on plain http.
      PUSH_ALLOW_INSECURE_ENDPOINTS: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitForHealth(baseUrl, 120_000);
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("fakeStripe", { webhookSecret: stripe.webhookSecret });
  project.provide("fakeRazorpay", {
    keyId: razorpay.keyId,
    keySecret: razorpay.keySecret,
    webhookSecret: razorpay.webhookSecret,
  });
  return async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await stripe?.close();
    await razorpay?.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The running app's data folder (its PGlite, unless DATABASE_URL is set). */
    dataDir: string;
    /** The fake Stripe's webhook signing secret, to save in Settings → Billing. */
    fakeStripe: { webhookSecret: string };
    /** The fake Razorpay's keys and webhook secret. */
    fakeRazorpay: { keyId: string; keySecret: string; webhookSecret: string };
  }
}
