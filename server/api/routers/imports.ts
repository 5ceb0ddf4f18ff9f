import { z } from "zod";
import { duplicatePolicy, importStatus } from "@/db/schema";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { env } from "@/server/env";
import * as importsService from "@/server/services/imports/run";

const tags = ["Imports"];

const importIdInput = z.object({ importId: z.uuid() });
const mappingInput = z.record(z.string().max(500), z.string().max(200));

/** The REST shape of an import (`GET /api/v1/imports/{id}`). */
const importStatusOutput = z.object({
  id: z.uuid(),
  status: z.enum(importStatus.enumValues),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  errorFileUrl: z.string().nullable(),
});

/** Where the error report of an import is downloaded (a member's session or an API key of its business). */
export function importErrorFileUrl(importId: string): string {
  return new URL(`/api/imports/${importId}/errors`, env.APP_URL).toString();
}

function withUrl(summary: importsService.ImportSummary) {
  return { ...summary, errorFileUrl: summary.errorFileKey ? importErrorFileUrl(summary.id) : null };
}

function restShape(summary: importsService.ImportSummary): z.infer<typeof importStatusOutput> {
  const s = withUrl(summary);
  return {
    id: s.id,
    status: s.status,
    totalRows: s.totalRows,
    processedRows: s.processedRows,
    created: s.created,
    updated: s.updated,
    skipped: s.skipped,
    failed: s.failed,
    errorFileUrl: s.errorFileUrl,
  };
}

/**
 * Customer imports. Uploading is a route handler (multipart: `POST /api/v1/imports`, and the app's upload
 * route); these procedures read, configure, preview, start and undo an uploaded import.
 */
export const importsRouter = createTRPCRouter({
  /** One import with its live counters (the progress bar polls this). */
  get: requirePermission("customers.import")
    .input(importIdInput)
    .query(async ({ ctx, input }) =>
      withUrl(await importsService.getImport(ctx.db, ctx.businessId, input.importId)),
    ),
  /** REST v1: `GET /imports/{importId}`. */
  apiGet: requirePermission("customers.import")
    .meta({
      openapi: {
        method: "GET",
        path: "/imports/{importId}",
        protect: true,
        tags,
        summary: "Get an import's status",
      },
    })
    .input(importIdInput)
    .output(importStatusOutput)
    .query(async ({ ctx, input }) =>
      restShape(await importsService.getImport(ctx.db, ctx.businessId, input.importId)),
    ),
  /** The business's imports, newest first. */
  list: requirePermission("customers.import")
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(20),
        cursor: z.string().datetime().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await importsService.listImports(ctx.db, ctx.businessId, input);
      return { data: page.data.map(withUrl), nextCursor: page.nextCursor };
    }),
  /** The first rows as they will be saved, invalid cells marked; `mapping` previews another mapping. */
  preview: requirePermission("customers.import")
    .input(importIdInput.extend({ mapping: mappingInput.optional() }))
    .query(({ ctx, input }) =>
      importsService.previewImport(ctx.db, ctx.businessId, input.importId, { mapping: input.mapping }),
    ),
  /** Changes the column mapping, duplicate policy or strictness of a queued import. */
  configure: requirePermission("customers.import")
    .input(
      importIdInput.extend({
        mapping: mappingInput.optional(),
        onDuplicate: z.enum(duplicatePolicy.enumValues).optional(),
        /** Refuse rows with any invalid value instead of importing them with a warning. */
        strict: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      withUrl(
        await importsService.configureImport(ctx.db, ctx.businessId, input.importId, {
          mapping: input.mapping,
          onDuplicate: input.onDuplicate,
          strict: input.strict,
        }),
      ),
    ),
  /** Runs a queued import: within the request up to 5,000 rows, else as a background job. */
  start: requirePermission("customers.import")
    .input(importIdInput)
    .mutation(async ({ ctx, input }) =>
      withUrl(await importsService.startImport(ctx.db, ctx.businessId, input.importId)),
    ),
  /** Deletes an upload nobody started, with its file; CONFLICT once it has started. */
  delete: requirePermission("customers.import")
    .input(importIdInput)
    .mutation(({ ctx, input }) => importsService.deleteImport(ctx.db, ctx.businessId, input.importId)),
  /** Removes the customers the import created and restores the fields it changed. */
  undo: requirePermission("customers.import")
    .meta({
      openapi: {
        method: "POST",
        path: "/imports/{importId}/undo",
        protect: true,
        tags,
        summary: "Undo an import",
      },
    })
    .input(importIdInput)
    .output(importStatusOutput.extend({ deleted: z.number().int(), restored: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const r = await importsService.undoImport(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.importId,
      );
      return { ...restShape(r.import), deleted: r.deleted, restored: r.restored };
    }),
});
