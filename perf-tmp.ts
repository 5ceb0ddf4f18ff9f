import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

process.env.LOG_LEVEL = "silent";
process.env.SKIP_ENV_VALIDATION = "1";
process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
const { GET } = await import("@/app/api/v1/[...path]/route");
const key = process.argv[2]!;
const h = { authorization: `Bearer ${key}` };
const path = process.argv[3]!;
for (let i = 0; i < 100; i++)
  await (await GET(new Request(`http://x/api/v1/${path}`, { headers: h }))).arrayBuffer();
const s = new Session();
s.connect();
await s.post("Profiler.enable");
await s.post("Profiler.start");
const t = performance.now();
await Promise.all(
  Array.from({ length: 10 }, async () => {
    for (let i = 0; i < 60; i++)
      await (await GET(new Request(`http://x/api/v1/${path}`, { headers: h }))).arrayBuffer();
  }),
);
console.log(path, (600 / ((performance.now() - t) / 1000)).toFixed(0), "req/s in-process");
const { profile } = await s.post("Profiler.stop");
writeFileSync(`/tmp/prof/${path.split("?")[0]}.cpuprofile`, JSON.stringify(profile));
process.exit(0);
