import { z } from "zod";
import { businessProcedure, createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  changeRoleInput,
  invitationIdInput,
  inviteMemberInput,
  memberIdInput,
  memberOutput,
} from "@/server/domain/members";
import { AppError } from "@/server/errors";
import * as members from "@/server/services/members";

export const membersRouter = createTRPCRouter({
  /** Members of the business, owners first: one page with every member (`nextCursor` is always null). */
  list: requirePermission("members.read")
    .meta({
      openapi: { method: "GET", path: "/members", protect: true, tags: ["Members"], summary: "Members" },
    })
    .output(z.object({ data: z.array(memberOutput), nextCursor: z.null(), total: z.number().int() }))
    .query(async ({ ctx }) => {
      const data = await members.listMembers(ctx.db, ctx.businessId);
      return { data, nextCursor: null, total: data.length };
    }),
  /** Pending invitations. */
  invitations: requirePermission("members.invite").query(({ ctx }) =>
    members.listInvitations(ctx.db, ctx.businessId),
  ),
  /** Invites someone by email with a role; emails them a link. */
  invite: requirePermission("members.invite")
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) =>
      members.inviteMember(
        ctx.db,
        {
          businessId: ctx.businessId,
          userId: ctx.actor.userId,
          apiKeyId: ctx.actor.apiKeyId,
          role: ctx.role,
        },
        { email: input.email, role: input.role },
      ),
    ),
  resendInvitation: requirePermission("members.invite")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) =>
      members.resendInvitation(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.invitationId,
      ),
    ),
  revokeInvitation: requirePermission("members.invite")
    .input(invitationIdInput)
    .mutation(({ ctx, input }) =>
      members.revokeInvitation(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.invitationId,
      ),
    ),
  /** Changes a member's role (owners). The last owner cannot be demoted. */
  changeRole: requirePermission("members.manage")
    .input(changeRoleInput)
    .mutation(({ ctx, input }) =>
      members.changeMemberRole(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** Removes a member (owners). The last owner cannot be removed. */
  remove: requirePermission("members.manage")
    .input(memberIdInput)
    .mutation(({ ctx, input }) =>
      members.removeMember(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.memberId),
    ),
  /** The signed-in user leaves the business; the last owner cannot. */
  leave: businessProcedure.mutation(({ ctx }) => {
    if (!ctx.actor.userId) throw new AppError("FORBIDDEN", "API keys cannot leave a business.");
    return members.leaveBusiness(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId });
  }),
});
