import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listAudit } from "@/server/services/audit";

export const auditRouter = createTRPCRouter({
  /** The business's audit log, newest first. */
  list: requirePermission("audit.read")
    .input(z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.businessId, input)),
});
