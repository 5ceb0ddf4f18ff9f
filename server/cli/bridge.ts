import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { dataDir } from "@/db/client";
import { logger } from "@/server/logger";
import { runHosted } from "./hosted";

/**
 * The embedded database (PGlite) serves one process. So that `npm run crm -- …` works while the app runs
 * on it, the app listens on 127.0.0.1 (a port the system picks) for CLI invocations and runs them itself,
 * with the same code and output as a `crm` process would (`main`), on its open database.
 *
 * `.data/cli-bridge.json` (mode 0600: only the OS user who runs the app can read it) tells `crm` the port
 * and a random token; a request without that token is refused. One command runs at a time.
 * Protocol: `POST /run` with `Authorization: Bearer <token>` and JSON `{ argv: string[], cwd: string }`
 * (at most 64 KB); the answer is NDJSON lines `{"out": text}` / `{"err": text}` as the command prints,
 * then `{"exit": code}`.
 */

export interface BridgeFile {
  port: number;
  token: string;
  pid: number;
}

/** Where the running app says how to reach it. */
export function bridgeFilePath(): string {
  return dataDir("cli-bridge.json");
}

const requestBody = z.object({
  argv: z.array(z.string().max(10_000)).max(100),
  cwd: z.string().min(1).max(4_096),
});

const BODY_MAX_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_MAX_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sameToken(given: string | undefined, token: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(`Bearer ${token}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

let running: Promise<unknown> = Promise.resolve();

/**
 * Starts the bridge (idempotent per process) and writes `cli-bridge.json`; removes the file when the
 * process exits. Output: the port. Errors: listen errors as thrown (the app runs on without the bridge).
 */
export async function startCliBridge(): Promise<number> {
  const g = globalThis as unknown as { __miniCrmCliBridge?: Promise<number> };
  g.__miniCrmCliBridge ??= listen();
  return g.__miniCrmCliBridge;
}

async function listen(): Promise<number> {
  const token = randomBytes(32).toString("base64url");
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/run") {
      res.writeHead(404).end();
      return;
    }
    if (!sameToken(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad token"}');
      return;
    }
    const text = await readBody(req);
    let input: z.infer<typeof requestBody>;
    try {
      if (text === null) throw new Error("too large");
      input = requestBody.parse(JSON.parse(text));
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad request"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
    const send = (line: Record<string, unknown>) => res.write(`${JSON.stringify(line)}\n`);
    const turn = running.then(async () => {
      const { main } = await import("./main");
      return runHosted({ cwd: input.cwd, write: (stream, chunk) => send({ [stream]: chunk }) }, () =>
        main(input.argv),
      );
    });
    running = turn.catch(() => {});
    try {
      send({ exit: await turn });
    } catch (e) {
      logger.error({ err: e }, "CLI command inside the app failed");
      send({ err: `Error: ${e instanceof Error ? e.message : String(e)}\n` });
      send({ exit: 1 });
    }
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const file = bridgeFilePath();
  const content: BridgeFile = { port, token, pid: process.pid };
  mkdirSync(dataDir(), { recursive: true });
  writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
  process.once("exit", () => rmSync(file, { force: true }));
  logger.info({ port }, "CLI commands on the embedded database run in this process");
  return port;
}
