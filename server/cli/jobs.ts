import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { jobRuns, jobStatus } from "@/db/schema";
import { parse, UsageError, validate } from "@/server/cli/args";
import type { Command } from "@/server/cli/command";
import { openDb } from "@/server/cli/database";
import { formatTime, out, table } from "@/server/cli/output";
import { resumeJobRun } from "@/server/jobs";

const usage = `Usage:
  npm run crm -- jobs list [--status STATUS] [--limit N]
  npm run crm -- jobs resume RUN_ID

jobs list    Recent background runs kept by the in-process driver: id, function, status, progress,
             error. STATUS is one of ${jobStatus.enumValues.join(", ")}.
jobs resume  Resumes an interrupted run; steps that had finished are not run again.`;

async function list(args: string[]) {
  const { values } = parse(args, { status: { type: "string" }, limit: { type: "string" } }, usage);
  const { status, limit } = validate(
    z.object({
      status: z.enum(jobStatus.enumValues).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(20),
    }),
    values,
    "Cannot list runs:",
  );
  const db = await openDb();
  const rows = await db
    .select()
    .from(jobRuns)
    .where(status ? eq(jobRuns.status, status) : undefined)
    .orderBy(desc(jobRuns.createdAt))
    .limit(limit);
  if (!rows.length) {
    out(status ? `No ${status} runs.` : "No runs yet.");
    return;
  }
  for (const line of table(
    ["id", "function", "status", "progress", "created", "error"],
    rows.map((r) => [
      r.id,
      r.functionId,
      r.status,
      r.progress ? `${r.progress.done ?? "?"}/${r.progress.total ?? "?"}` : "",
      formatTime(r.createdAt),
      (r.error ?? "").slice(0, 60),
    ]),
  )) {
    out(line);
  }
}

async function resume(args: string[]) {
  const { positionals } = parse(args, {}, usage);
  const id = positionals[0];
  if (!id) throw new UsageError("Missing RUN_ID.", usage);
  await openDb();
  await resumeJobRun(id);
  out(`Resumed run ${id}.`);
}

/** `crm jobs list|resume`: inspect and resume background runs of the in-process driver. */
export const jobsCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === "list") return list(rest);
    if (sub === "resume") return resume(rest);
    throw new UsageError(sub ? `Unknown jobs command "${sub}".` : "Missing jobs command.", usage);
  },
};
