import { z } from "zod";
import { createTRPCRouter, publicProcedure, userProcedure } from "@/server/api/trpc";
import {
  changePasswordInput,
  requestEmailInput,
  resetPasswordInput,
  signUpInput,
  tokenInput,
  updateProfileInput,
} from "@/server/domain/auth";
import * as auth from "@/server/services/auth";
import * as members from "@/server/services/members";
import * as sessions from "@/server/services/sessions";

export const authRouter = createTRPCRouter({
  /** Creates an account and emails a verification link. */
  signUp: publicProcedure
    .input(signUpInput.extend({ next: z.string().startsWith("/").optional() }))
    .mutation(({ ctx, input }) => auth.signUp(ctx.db, input)),
  /** Verifies an email from its link token. */
  verifyEmail: publicProcedure
    .input(tokenInput)
    .mutation(({ ctx, input }) => auth.verifyEmail(ctx.db, input.token)),
  /** Sends a new verification link (same answer whether or not the account exists). */
  resendVerification: publicProcedure.input(requestEmailInput).mutation(async ({ ctx, input }) => {
    await auth.resendVerification(ctx.db, input.email);
    return { ok: true as const };
  }),
  /** Emails a password reset link (same answer whether or not the account exists). */
  requestPasswordReset: publicProcedure.input(requestEmailInput).mutation(async ({ ctx, input }) => {
    await auth.requestPasswordReset(ctx.db, input.email);
    return { ok: true as const };
  }),
  /** Sets a new password from a reset link. */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => auth.resetPassword(ctx.db, input)),
  /** What an invitation link is for, shown before accepting. */
  describeInvitation: publicProcedure
    .input(tokenInput)
    .query(({ ctx, input }) => members.describeInvitation(ctx.db, input.token)),
  /** Accepts an invitation as the signed-in user. */
  acceptInvitation: userProcedure
    .input(tokenInput)
    .mutation(({ ctx, input }) => members.acceptInvitation(ctx.db, ctx.user.id, input.token)),
  /** The signed-in user. */
  me: userProcedure.query(({ ctx }) => ctx.user),
  updateProfile: userProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => auth.updateProfile(ctx.db, ctx.user.id, input)),
  changePassword: userProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) =>
      auth.changePassword(ctx.db, ctx.user.id, input, ctx.user.sessionId ?? null),
    ),
  /** The signed-in user's devices (live sessions), the current one marked. */
  sessions: userProcedure.query(({ ctx }) =>
    sessions.listSessions(ctx.db, ctx.user.id, ctx.user.sessionId ?? null),
  ),
  /** Signs one of the user's devices out. Errors: NOT_FOUND. */
  revokeSession: userProcedure.input(z.object({ sessionId: z.uuid() })).mutation(async ({ ctx, input }) => {
    await sessions.revokeSession(ctx.db, ctx.user.id, input.sessionId);
    return { ok: true as const };
  }),
  /** "Sign out of all other devices": every session but this one. Output: how many were ended. */
  signOutOtherDevices: userProcedure.mutation(async ({ ctx }) => ({
    ended: await sessions.revokeSessions(ctx.db, ctx.user.id, ctx.user.sessionId ?? null),
  })),
});
