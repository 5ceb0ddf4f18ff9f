import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { percentileOf } from "./measure";

const root = path.resolve(import.meta.dirname, "../..");

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Every response's latency in ms, in arrival order (for merging runs). */
  times?: number[];
}

/**
 * Sends GET `url` from `connections` concurrent connections for `seconds` (127.0.0.1 only, bounded), with
 * `headers`. Output: requests, non-2xx answers, requests per second and latency percentiles in ms.
 */
export function load(
  url: string,
  headers: Record<string, string>,
  connections = 10,
  seconds = 10,
): Promise<LoadResult> {
  return loadWith({ url, headers }, connections, seconds);
}

/**
 * Several runs of the same load as one: requests and errors summed, the rate over their summed time,
 * percentiles over every response. Input: results of `load` or `loadWith` (with `times`).
 */
export function mergeLoads(runs: LoadResult[]): LoadResult {
  const times = runs.flatMap((r) => r.times ?? []);
  const at = percentileOf(times);
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.requests / r.perSecond, 0);
  return {
    requests,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    perSecond: requests / seconds,
    p50: at(50),
    p95: at(95),
  };
}

/** One kind of request for `loadWith`: a fresh body per request when `body` is a function. */
export interface LoadRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: () => string;
}

/**
 * Sends `request` from `connections` keep-alive connections for `seconds` with autocannon (the load
 * generator costs the machine far less CPU than fetch loops, which matters when the app, Postgres and
 * the generator share two cores). Output: as `load`, plus `statuses` (answers counted by HTTP status) and
 * the values `onAnswer` returned for 2xx answers, in order. Latencies come from autocannon's per-response
 * event; the percentiles are computed here (autocannon's own table has no p95).
 */
export async function loadWith<T = never>(
  request: LoadRequest,
  connections = 10,
  seconds = 10,
  onAnswer?: (status: number, body: string) => T,
): Promise<LoadResult & { statuses: Record<number, number>; answers: T[] }> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  const answers: T[] = [];
  let errors = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        connections,
        duration: seconds,
        method: request.method ?? "GET",
        headers: request.headers,
        requests: [
          {
            setupRequest: (req) => (request.body ? { ...req, body: request.body() } : req),
            onResponse: (status, body) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status < 200 || status > 299) errors++;
              else if (onAnswer) answers.push(onAnswer(status, body));
            },
          },
        ],
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  const at = percentileOf(times);
  return {
    requests: times.length,
    errors: errors + result.errors + result.timeouts,
    perSecond: times.length / elapsed,
    p50: at(50),
    p95: at(95),
    times,
    statuses,
    answers,
  };
}

/**
 * Starts the production build (`next start`) on `port` against `databaseUrl`, waits for /api/health.
 * Output: a stop function (its `pid` the server's process id), or null when there is no production build
 * (`npm run build` first).
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
): Promise<((() => Promise<void>) & { pid: number }) | null> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) return null;
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app process.
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), LOG_LEVEL: "warn" },
      stdio: "ignore",
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("next start did not answer /api/health within 60 s");
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  };
  return Object.assign(stop, { pid: child.pid! });
}
