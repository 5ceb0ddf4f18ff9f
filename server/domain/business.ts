import { getCountries } from "libphonenumber-js";
import { z } from "zod";
import { toE164 } from "./phone";

export const businessCategories = [
  "retail",
  "clinic",
  "salon_spa",
  "restaurant_cafe",
  "agency",
  "education",
  "fitness",
  "real_estate",
  "professional_services",
  "freelancer",
  "other",
] as const;

export const businessCategoryLabels: Record<(typeof businessCategories)[number], string> = {
  retail: "Retail shop",
  clinic: "Clinic / healthcare",
  salon_spa: "Salon / spa",
  restaurant_cafe: "Restaurant / café",
  agency: "Agency",
  education: "Education / coaching",
  fitness: "Fitness / gym",
  real_estate: "Real estate",
  professional_services: "Professional services",
  freelancer: "Freelancer",
  other: "Other",
};

/** Slugs that would collide with routes or confuse users. */
const reservedSlugs = new Set(["new", "api", "admin", "settings", "b", "dev", "app", "www", "help", "login"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.")
  .refine((s) => !reservedSlugs.has(s), "This web address is reserved.");

const countries = new Set<string>(getCountries());
const currencies = new Set<string>(Intl.supportedValuesOf("currency"));

export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => countries.has(c), "Choose a country.");

/**
 * Whether the runtime's IANA database knows `tz`. `Intl.supportedValuesOf("timeZone")` lists only CLDR
 * canonical ids (Node 20 lists Asia/Calcutta, not Asia/Kolkata), so links are checked by resolving them.
 */
function isIanaTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** IANA time zone name, e.g. Asia/Kolkata. UTC is accepted too. */
export const timeZoneSchema = z.string().refine(isIanaTimeZone, "Choose a valid time zone.");

/** ISO 4217 code. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => currencies.has(c), "Choose a valid currency.");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

const businessFields = z.object({
  name: z.string().trim().min(1, "Enter the business name.").max(100),
  slug: slugSchema,
  category: z.enum(businessCategories).optional().nullable(),
  description: optionalText(500),
  phone: optionalText(40),
  whatsappNumber: optionalText(40),
  country: countrySchema,
  timeZone: timeZoneSchema,
  currency: currencySchema,
});

/** Normalises phone and WhatsApp numbers to E.164 with the business's country as the default. */
export function withPhones<
  T extends { phone?: string | null; whatsappNumber?: string | null; country?: string },
>(value: T, ctx: z.RefinementCtx): T {
  const out = { ...value };
  for (const field of ["phone", "whatsappNumber"] as const) {
    const raw = value[field];
    if (!raw) continue;
    const r = toE164(raw, value.country);
    if (r.ok) out[field] = r.e164;
    else ctx.addIssue({ code: "custom", path: [field], message: r.reason });
  }
  return out;
}

export const createBusinessInput = businessFields.transform(withPhones);
export type CreateBusinessInput = z.output<typeof createBusinessInput>;

/** Partial update; phones are normalised by the service with the stored country when none is given. */
export const updateBusinessInput = businessFields.partial();
export type UpdateBusinessInput = z.output<typeof updateBusinessInput>;

/** What the API returns for a business. */
export const businessOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  description: z.string().nullable(),
  phone: z.string().nullable(),
  whatsappNumber: z.string().nullable(),
  country: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  createdAt: z.date(),
});

/** The dashboard's onboarding steps, in the order they are shown. */
export const onboardingSteps = [
  "addCustomer",
  "importCustomers",
  "inviteTeammate",
  "createApiKey",
  "addCustomField",
] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];
/** Which onboarding steps a business has done, read from its data. */
export type OnboardingProgress = Record<OnboardingStep, boolean>;
