import path from "node:path";
import { duplicatePolicy } from "@/db/schema";
import { parse, required, UsageError } from "@/server/cli/args";
import type { Command } from "@/server/cli/command";
import { openDb } from "@/server/cli/database";
import { resolveUserPath } from "@/server/cli/hosted";
import { businessBySlug } from "@/server/cli/lookup";
import { note, out } from "@/server/cli/output";
import { createImport, type DuplicatePolicy, processImport } from "@/server/services/imports/run";
import { pathOfKey } from "@/server/services/imports/storage";

const usage = `Usage:
  npm run crm -- import FILE --business SLUG [--on-duplicate skip|fill|overwrite]

Imports customers from a CSV or Excel (.xlsx) file into a business, with the columns mapped from their
headers (Name, First Name + Last Name, Email, Phone, Mobile, WhatsApp, Tags, …). Duplicates are matched by
phone or email: skip them (default), fill their empty fields, or overwrite them. Runs in this process,
whatever the size, and prints the summary as JSON (id, status, totalRows, created, updated, skipped,
failed, errorFile: the path of the CSV of failed rows with the reason, or null).`;

/** `crm import FILE --business SLUG [--on-duplicate …]`: imports a file and prints the summary JSON. */
export const importCommand: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parse(
      args,
      { business: { type: "string" }, "on-duplicate": { type: "string" } },
      usage,
    );
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? "Missing FILE." : `Unexpected argument "${positionals[1]}".`,
        usage,
      );
    const file = resolveUserPath(positionals[0]!);
    const slug = required(values.business, "business", usage);
    const policy = values["on-duplicate"] ?? "skip";
    if (!(duplicatePolicy.enumValues as readonly string[]).includes(policy))
      throw new UsageError(`--on-duplicate must be skip, fill or overwrite (got "${policy}").`, usage);

    const db = await openDb();
    const business = await businessBySlug(db, slug);
    const created = await createImport(
      db,
      { businessId: business.id, userId: null },
      { fileName: path.basename(file), filePath: file, onDuplicate: policy as DuplicatePolicy },
    );
    note(`Importing ${path.basename(file)} into ${business.name} (import ${created.import.id})…`);
    let lastNote = Date.now();
    const { import: summary } = await processImport(db, created.import.id, {
      onProgress: (p) => {
        if (Date.now() - lastNote < 2000) return;
        lastNote = Date.now();
        note(
          `  ${p.processedRows.toLocaleString("en-US")} rows: ${p.created} created, ${p.updated} updated, ${p.skipped} skipped, ${p.failed} failed`,
        );
      },
    });
    out(
      JSON.stringify(
        {
          id: summary.id,
          status: summary.status,
          totalRows: summary.totalRows,
          created: summary.created,
          updated: summary.updated,
          skipped: summary.skipped,
          failed: summary.failed,
          errorFile: summary.errorFileKey ? pathOfKey(summary.errorFileKey) : null,
          ...(summary.error ? { error: summary.error } : {}),
        },
        null,
        2,
      ),
    );
  },
};
