import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { backgroundExecutor, resetBackgroundExecutor } from "@/server/jobs/executor";

/**
 * A stand-in for an Inngest server: the dev server's `GET /dev` probe and the event API
 * `POST /e/<event key>` answering `{ ids, status: 200 }`.
 */
let server: Server;
let url: string;
const received: Array<{ path: string; body: unknown }> = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (req.method === "GET" && req.url === "/dev") {
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      return;
    }
    if (req.method === "POST" && req.url?.startsWith("/e/")) {
      const body = JSON.parse(text) as unknown[];
      received.push({ path: req.url, body });
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ids: body.map(() => randomUUID()), status: 200 }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["INNGEST_EVENT_KEY", "INNGEST_DEV", "INNGEST_BASE_URL"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetBackgroundExecutor();
});

describe("background executor", () => {
  it("is the local driver when no Inngest server is configured", async () => {
    delete process.env.INNGEST_EVENT_KEY;
    delete process.env.INNGEST_DEV;
    expect(await backgroundExecutor()).toBe("local");
  });

  it("is Inngest when an event key is set", async () => {
    process.env.INNGEST_EVENT_KEY = "key";
    expect(await backgroundExecutor()).toBe("inngest");
  });

  it("is Inngest when INNGEST_DEV names a dev server that answers, local when it does not", async () => {
    delete process.env.INNGEST_EVENT_KEY;
    process.env.INNGEST_DEV = url;
    expect(await backgroundExecutor()).toBe("inngest");

    resetBackgroundExecutor();
    process.env.INNGEST_DEV = "http://127.0.0.1:9"; // nothing listens there
    expect(await backgroundExecutor()).toBe("local");

    resetBackgroundExecutor();
    process.env.INNGEST_DEV = "0";
    expect(await backgroundExecutor()).toBe("local");
  });
});

describe("sendEvent", () => {
  it("refuses data that does not match the event's schema", async () => {
    const { sendEvent } = await import("@/server/jobs/send");
    await expect(
      sendEvent({ name: "email/send.requested", data: { emailMessageId: "nope" } }),
    ).rejects.toThrow(/email\/send.requested: emailMessageId/);
  });

  it("sends to the Inngest event API when an Inngest server is configured", async () => {
    process.env.INNGEST_EVENT_KEY = "test-event-key";
    process.env.INNGEST_BASE_URL = url;
    const { inngest } = await import("@/server/jobs/client");
    inngest.setEnvVars(); // the client may have read the environment before this test set it
    const { sendEvent } = await import("@/server/jobs/send");

    const emailMessageId = randomUUID();
    const { ids } = await sendEvent({ name: "email/send.requested", data: { emailMessageId } });

    expect(ids).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/e/test-event-key");
    expect(received[0]!.body).toEqual([
      expect.objectContaining({ name: "email/send.requested", data: { emailMessageId } }),
    ]);
  });
});
