import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parse, UsageError, validate } from "@/server/cli/args";
import { appUrl, type Command } from "@/server/cli/command";
import { openDb } from "@/server/cli/database";
import { out } from "@/server/cli/output";
import { emailSchema, passwordSchema } from "@/server/domain/auth";
import { ensureUser, findUserByEmail } from "@/server/services/auth";

const usage = `Usage: npm run crm -- create-admin EMAIL [--password PASSWORD]

Makes EMAIL a platform admin (verified), creating the account when it does not exist.
  --password PASSWORD  Sets this password (at least 8 characters). Without it, a new account gets a
                       generated password, printed once; an existing account keeps its password.`;

/** A random password of 16 URL-safe characters (96 bits). */
function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** `crm create-admin EMAIL [--password P]`. */
export const createAdminCommand: Command = {
  usage,
  async run(args) {
    const { values, positionals } = parse(args, { password: { type: "string" } }, usage);
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length ? "Give one email address." : "Missing EMAIL.", usage);
    }
    const { email, password } = validate(
      z.object({ email: emailSchema, password: passwordSchema.optional() }),
      { email: positionals[0], password: values.password },
      "No admin was created:",
    );
    const db = await openDb();
    const existing = await findUserByEmail(db, email);
    const generated = !existing && !password ? generatePassword() : undefined;
    const user = await ensureUser(db, { email, password: password ?? generated, isPlatformAdmin: true });
    if (existing) {
      out(
        `${user.email} is a platform admin${password ? "; their password was changed" : " (password unchanged)"}.`,
      );
    } else {
      out(`Created platform admin ${user.email}.`);
    }
    if (generated) {
      out(
        `Sign in at ${appUrl("/sign-in")} with this password, shown only once (change it in your profile):`,
      );
      out(generated);
    }
  },
};
