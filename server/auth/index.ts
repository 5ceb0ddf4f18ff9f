import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { signInInput } from "@/server/domain/auth";
import { rateLimitedCode } from "@/server/domain/sign-in-messages";
import { authSecret, env, googleAuthEnabled } from "@/server/env";
import { isAppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { verifyCredentials } from "@/server/services/auth";
import { revokeSession, sessionUser, startSession } from "@/server/services/sessions";
import type { SessionUser } from "@/server/tenancy";
import { clientIp } from "./client-ip";
import { RateLimitedError } from "./rate-limit";

/** A sign-in refusal whose `code` reaches the sign-in page (`?code=`), so it can say why. */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

async function buildConfig(): Promise<NextAuthConfig> {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    } as never),
    // Credentials sign-in requires JWT sessions (Auth.js).
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    secret: authSecret(),
    trustHost: true,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw, request) {
          const parsed = signInInput.safeParse(raw);
          if (!parsed.success) throw new SignInRefused("invalid_input");
          try {
            const user = await verifyCredentials(db, { ...parsed.data, ip: clientIp(request.headers) });
            return { id: user.id, email: user.email, name: user.name };
          } catch (e) {
            if (isAppError(e)) {
              if (e.code === "EMAIL_NOT_VERIFIED") throw new SignInRefused("email_not_verified");
              if (e.code === "RATE_LIMITED")
                throw new SignInRefused(
                  rateLimitedCode(e instanceof RateLimitedError ? e.retryAfterSeconds : 15 * 60),
                );
              throw new SignInRefused("wrong_credentials");
            }
            throw e;
          }
        },
      }),
      ...(googleAuthEnabled
        ? [
            Google({
              clientId: env.AUTH_GOOGLE_ID,
              clientSecret: env.AUTH_GOOGLE_SECRET,
              // Google verifies the addresses it returns, so linking to an existing account is safe.
              allowDangerousEmailAccountLinking: true,
            }),
          ]
        : []),
    ],
    callbacks: {
      async jwt({ token, user }) {
        // At sign-in: a row per device, whose id the cookie carries (revoking the row ends the session).
        if (user?.id) {
          token.sub = user.id;
          const h = await headers().catch(() => null);
          token.sid = await startSession(db, user.id, {
            userAgent: h?.get("user-agent") ?? null,
            ip: h ? clientIp(h) : null,
          });
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        (session as { sid?: unknown }).sid = token.sid;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        const sub = "token" in message ? message.token?.sub : undefined;
        if (typeof sid === "string" && typeof sub === "string")
          await revokeSession(db, sub, sid).catch(() => {});
      },
      async signIn({ user, account }) {
        if (account?.provider && account.provider !== "credentials" && user.id) {
          await recordAudit(db, {
            actorUserId: user.id,
            action: "auth.sign_in",
            metadata: { method: account.provider },
          });
        }
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);

/**
 * The signed-in user, read fresh from the database (name and admin flag stay current), or null when
 * there is no cookie or its session was revoked (password reset or change, "sign out of all devices").
 * Use in server components, route handlers and the tRPC context.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  const sid = (session as { sid?: unknown } | null)?.sid;
  // A cookie without a live session row (revoked, or from before sessions were recorded) signs no one in.
  if (!id || typeof sid !== "string") return null;
  return sessionUser(await getDb(), id, sid);
}
