import { asc, count, eq } from "drizzle-orm";
import { businesses, businessMembers } from "@/db/schema";
import { flagName, parse, required, UsageError, validate, zodFieldErrors } from "@/server/cli/args";
import { appUrl, type Command } from "@/server/cli/command";
import { countryDefaults } from "@/server/cli/country-defaults";
import { openDb } from "@/server/cli/database";
import { firstPlatformAdmin } from "@/server/cli/lookup";
import { out, table } from "@/server/cli/output";
import { emailSchema } from "@/server/domain/auth";
import { countrySchema, createBusinessInput } from "@/server/domain/business";
import { AppError } from "@/server/errors";

const usage = `Usage:
  npm run crm -- business create --name NAME --slug SLUG --country CC [options]
  npm run crm -- business list

business create
  --name NAME          Business name, e.g. "Sharma Family Clinic"
  --slug SLUG          Address of the business in the app: /b/SLUG (lowercase letters, digits, hyphens)
  --country CC         ISO 3166-1 country code, e.g. IN, IR, US, GB, DE, AE
  --owner EMAIL        Owner; the account is created if missing (they then set a password with
                       "Forgot password?"). Default: the first platform admin
  --time-zone TZ       IANA time zone, e.g. Asia/Kolkata. Default: the country's main time zone
  --currency CUR       ISO 4217 code, e.g. INR. Default: the country's currency
  --category CATEGORY  clinic, retail, salon_spa, restaurant_cafe, agency, education, fitness,
                       real_estate, professional_services, freelancer or other
  --phone PHONE        Business phone, in any common format (stored as E.164)
  --whatsapp PHONE     WhatsApp number, in any common format (stored as E.164)

business list
  Every business on this installation with its slug, country and number of members.`;

const createOptions = {
  name: { type: "string" },
  slug: { type: "string" },
  country: { type: "string" },
  owner: { type: "string" },
  "time-zone": { type: "string" },
  currency: { type: "string" },
  category: { type: "string" },
  phone: { type: "string" },
  whatsapp: { type: "string" },
} as const;

/**
 * The validated input of `business create`: time zone and currency default from the country.
 * Errors: AppError VALIDATION with field errors (`--time-zone`/`--currency` asked for when the
 * country has no default).
 */
export function businessInputFromFlags(flags: {
  name: string;
  slug: string;
  country: string;
  timeZone?: string;
  currency?: string;
  category?: string;
  phone?: string;
  whatsapp?: string;
}) {
  const defaults = countryDefaults(flags.country);
  const input = {
    name: flags.name,
    slug: flags.slug,
    country: flags.country,
    timeZone: flags.timeZone ?? defaults.timeZone,
    currency: flags.currency ?? defaults.currency,
    category: flags.category,
    phone: flags.phone,
    whatsappNumber: flags.whatsapp,
  };
  const parsed = createBusinessInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = zodFieldErrors(parsed.error);
  const countryKnown = countrySchema.safeParse(flags.country).success;
  for (const field of ["timeZone", "currency"] as const) {
    if (input[field] !== undefined) continue;
    // Without a value of its own, the field only fails because the country gave no default.
    if (countryKnown) {
      fieldErrors[field] = `No default for ${flags.country.trim().toUpperCase()}: pass --${flagName(field)}.`;
    } else {
      delete fieldErrors[field];
    }
  }
  throw new AppError("VALIDATION", "The business was not created. Fix these and run again:", fieldErrors);
}

async function create(args: string[]) {
  const { values, positionals } = parse(args, createOptions, usage);
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  const input = businessInputFromFlags({
    name: required(values.name, "name", usage),
    slug: required(values.slug, "slug", usage),
    country: required(values.country, "country", usage),
    timeZone: values["time-zone"],
    currency: values.currency,
    category: values.category,
    phone: values.phone,
    whatsapp: values.whatsapp,
  });
  const ownerEmail =
    values.owner === undefined
      ? undefined
      : validate(emailSchema, values.owner, "The business was not created: the owner's email is not valid.");

  // Loaded after validation, so a typo is answered before the services (and email rendering) load.
  const { ensureUser, findUserByEmail } = await import("@/server/services/auth");
  const { createBusiness } = await import("@/server/services/businesses");
  const db = await openDb();
  let owner = ownerEmail ? await findUserByEmail(db, ownerEmail) : await firstPlatformAdmin(db);
  let ownerIsNew = false;
  if (!owner && ownerEmail) {
    owner = await ensureUser(db, { email: ownerEmail });
    ownerIsNew = true;
  }
  if (!owner) {
    throw new AppError(
      "BAD_REQUEST",
      "Who owns this business? Pass --owner EMAIL, or first create a platform admin with " +
        "`npm run crm -- create-admin EMAIL`.",
    );
  }
  const business = await createBusiness(db, owner.id, input);
  out(`Created business "${business.name}" (slug ${business.slug}).`);
  out(`  country    ${business.country}`);
  out(`  time zone  ${business.timeZone}`);
  out(`  currency   ${business.currency}`);
  if (business.phone) out(`  phone      ${business.phone}`);
  if (business.whatsappNumber) out(`  whatsapp   ${business.whatsappNumber}`);
  out(
    `  owner      ${owner.email}${ownerIsNew ? ' (new account: they set a password with "Forgot password?")' : ""}`,
  );
  out(`  open       ${appUrl(`/b/${business.slug}`)}`);
}

async function list(args: string[]) {
  const { positionals } = parse(args, {}, usage);
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
  const db = await openDb();
  const rows = await db
    .select({
      slug: businesses.slug,
      name: businesses.name,
      country: businesses.country,
      currency: businesses.currency,
      members: count(businessMembers.id),
    })
    .from(businesses)
    .leftJoin(businessMembers, eq(businessMembers.businessId, businesses.id))
    .groupBy(businesses.id)
    .orderBy(asc(businesses.slug));
  if (!rows.length) {
    out("No businesses yet: create one with `npm run crm -- business create` or sign up in the app.");
    return;
  }
  for (const line of table(
    ["SLUG", "NAME", "COUNTRY", "CURRENCY", "MEMBERS"],
    rows.map((r) => [r.slug, r.name, r.country, r.currency, String(r.members)]),
  )) {
    out(line);
  }
}

/** `crm business create|list`. */
export const businessCommand: Command = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === "create") return create(rest);
    if (sub === "list") return list(rest);
    throw new UsageError(sub ? `Unknown business command "${sub}".` : "Missing business command.", usage);
  },
};
