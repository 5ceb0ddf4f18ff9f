import { z } from "zod";
import { parse, required, UsageError, validate } from "@/server/cli/args";
import type { Command } from "@/server/cli/command";
import { openDb } from "@/server/cli/database";
import { businessBySlug } from "@/server/cli/lookup";
import { formatTime, note, out, table } from "@/server/cli/output";
import { createApiKeyInput } from "@/server/domain/api-keys";
import { AppError } from "@/server/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/services/api-keys";

const usage = `Usage:
  npm run crm -- api-key create --business SLUG --name NAME
  npm run crm -- api-key list   --business SLUG
  npm run crm -- api-key revoke --business SLUG (--prefix PREFIX | --id ID)

api-key create  Prints the new key alone on the last line of stdout (details go to stderr), so
                KEY=$(npm run -s crm -- api-key create ...) captures it. It is shown only this once.
api-key list    The business's keys: prefix, name, status, created, last used, id. Never the secret.
api-key revoke  Revokes an active key at once, found by its prefix (as listed) or id.`;

const activeFirst = (a: { revokedAt: Date | null }, b: { revokedAt: Date | null }) =>
  Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt));

function noPositionals(positionals: string[]) {
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
}

async function create(args: string[]) {
  const { values, positionals } = parse(
    args,
    { business: { type: "string" }, name: { type: "string" } },
    usage,
  );
  noPositionals(positionals);
  const slug = required(values.business, "business", usage);
  const { name } = validate(
    createApiKeyInput,
    { name: required(values.name, "name", usage) },
    "The API key was not created:",
  );
  const db = await openDb();
  const business = await businessBySlug(db, slug);
  const key = await createApiKey(db, { businessId: business.id, userId: null }, { name });
  note(`Created API key "${key.name}" for ${business.name} (prefix ${key.prefix}, id ${key.id}).`);
  note("Store it now: it is shown only this once. Use it as `Authorization: Bearer <key>`.");
  out(key.key);
}

async function list(args: string[]) {
  const { values, positionals } = parse(args, { business: { type: "string" } }, usage);
  noPositionals(positionals);
  const slug = required(values.business, "business", usage);
  const db = await openDb();
  const business = await businessBySlug(db, slug);
  const keys = (await listApiKeys(db, business.id)).sort(activeFirst);
  if (!keys.length) {
    out(`${business.name} has no API keys.`);
    return;
  }
  const rows = keys.map((k) => [
    k.prefix,
    k.name,
    k.revokedAt ? "revoked" : "active",
    formatTime(k.createdAt),
    formatTime(k.lastUsedAt),
    k.id,
  ]);
  for (const line of table(["PREFIX", "NAME", "STATUS", "CREATED", "LAST USED", "ID"], rows)) out(line);
}

async function revoke(args: string[]) {
  const { values, positionals } = parse(
    args,
    { business: { type: "string" }, prefix: { type: "string" }, id: { type: "string" } },
    usage,
  );
  noPositionals(positionals);
  const slug = required(values.business, "business", usage);
  if (Boolean(values.prefix) === Boolean(values.id))
    throw new UsageError("Pass either --prefix or --id.", usage);
  const id =
    values.id === undefined
      ? undefined
      : validate(
          z.object({ id: z.uuid("Not an API key id.") }),
          { id: values.id.trim() },
          "No API key was revoked:",
        ).id;
  const db = await openDb();
  const business = await businessBySlug(db, slug);
  const active = (await listApiKeys(db, business.id)).filter((k) => !k.revokedAt);
  const matches = id
    ? active.filter((k) => k.id === id)
    : active.filter((k) => k.prefix === values.prefix?.trim());
  const [target] = matches;
  if (!target) {
    throw new AppError(
      "NOT_FOUND",
      `${business.name} has no active API key with ${id ? `id ${id}` : `prefix ${values.prefix}`} ` +
        `(see \`npm run crm -- api-key list --business ${business.slug}\`).`,
    );
  }
  if (matches.length > 1) {
    throw new AppError(
      "CONFLICT",
      `${matches.length} active keys share prefix ${target.prefix}: revoke by --id.`,
    );
  }
  await revokeApiKey(db, { businessId: business.id, userId: null }, target.id);
  out(`Revoked API key "${target.name}" (prefix ${target.prefix}) of ${business.name}.`);
}

/** `crm api-key create|list|revoke`. */
export const apiKeyCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === "create") return create(rest);
    if (sub === "list") return list(rest);
    if (sub === "revoke") return revoke(rest);
    throw new UsageError(sub ? `Unknown api-key command "${sub}".` : "Missing api-key command.", usage);
  },
};
