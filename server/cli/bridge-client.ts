import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import type { BridgeFile } from "./bridge";

/** Whether process `pid` exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * When the app runs on the embedded database (no DATABASE_URL) and has written `file`, runs `argv` inside
 * it (see `bridge.ts`), printing its output here as it comes. Output: the command's exit code, or null
 * when there is no running app to ask (the command then runs in this process).
 */
export async function forwardToRunningApp(argv: string[], file: string): Promise<number | null> {
  if (process.env.DATABASE_URL || !existsSync(file)) return null;
  let bridge: BridgeFile;
  try {
    bridge = JSON.parse(readFileSync(file, "utf8")) as BridgeFile;
  } catch {
    return null;
  }
  if (!Number.isInteger(bridge.port) || !Number.isInteger(bridge.pid) || !alive(bridge.pid)) return null;
  const body = JSON.stringify({ argv, cwd: process.cwd() });
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: bridge.port,
        path: "/run",
        method: "POST",
        headers: {
          authorization: `Bearer ${bridge.token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          resolve(null);
          return;
        }
        let buffered = "";
        let code = 1;
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffered += chunk;
          let nl = buffered.indexOf("\n");
          while (nl >= 0) {
            const line = JSON.parse(buffered.slice(0, nl)) as { out?: string; err?: string; exit?: number };
            buffered = buffered.slice(nl + 1);
            if (line.out !== undefined) process.stdout.write(line.out);
            if (line.err !== undefined) process.stderr.write(line.err);
            if (line.exit !== undefined) code = line.exit;
            nl = buffered.indexOf("\n");
          }
        });
        res.on("end", () => resolve(code));
        res.on("error", () => resolve(1));
      },
    );
    // Nobody listens (the app stopped without removing its file): run here instead.
    req.on("error", () => resolve(null));
    req.end(body);
  });
}
