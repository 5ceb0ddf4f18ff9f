import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { signInInput } from "@/server/api/schemas/auth";
import type { SessionUser } from "@/server/api/trpc";
import { authSecret, env, googleAuthEnabled } from "@/server/env";
import { isAppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { verifyCredentials } from "@/server/services/auth";
import { clientIp } from "./client-ip";

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
              if (e.code === "RATE_LIMITED") throw new SignInRefused("rate_limited");
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
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
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
 * The signed-in user, read fresh from the database (name and admin flag stay current), or null.
 * Use in server components, route handlers and the tRPC context.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [u] = await db
    .select({ id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return u ?? null;
}
