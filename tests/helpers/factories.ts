import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { businessMembers, users } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import type { Role } from "@/server/auth/permissions";
import { type CreateBusinessInput, createBusinessInput } from "@/server/domain/business";
import { createApiKey } from "@/server/services/api-keys";
import { type Business, createBusiness as createBusinessService } from "@/server/services/businesses";

/** The password of every user made by `createUser` unless overridden. */
export const TEST_PASSWORD = "correct horse battery staple";

export type TestUser = typeof users.$inferSelect & { password: string };

/** A short random suffix: tests share one Postgres database, so names must not collide. */
export function uniqueSuffix(): string {
  return randomUUID().replaceAll("-", "").slice(0, 12);
}

/** A fresh, unused email address. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${uniqueSuffix()}@example.test`;
}

/** A fresh, unused business slug. */
export function uniqueSlug(label = "biz"): string {
  return `${label}-${uniqueSuffix()}`;
}

let testPasswordHash: Promise<string> | undefined;

/**
 * Inserts a user: verified, with a unique email and `TEST_PASSWORD` unless overridden.
 * Output: the row plus `password` (the plain text, for sign-in tests).
 */
export async function createUser(
  db: Db,
  overrides: Partial<Omit<typeof users.$inferInsert, "passwordHash">> & { password?: string } = {},
): Promise<TestUser> {
  const { password = TEST_PASSWORD, ...columns } = overrides;
  // argon2id takes ~50 ms; hash the shared password once per file.
  if (password === TEST_PASSWORD) testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = password === TEST_PASSWORD ? await testPasswordHash! : await hashPassword(password);
  const email = columns.email ?? uniqueEmail();
  const [user] = await db
    .insert(users)
    .values({
      name: `Test ${email.split("@")[0]}`,
      emailVerified: new Date(),
      ...columns,
      email,
      passwordHash,
    })
    .returning();
  return { ...user!, password };
}

/**
 * Creates a business through the service (owner membership and audit included), with a unique slug and
 * Indian defaults (IN, Asia/Kolkata, INR). Overrides are raw input: they go through `createBusinessInput`.
 */
export async function createBusiness(
  db: Db,
  { owner, ...overrides }: { owner: { id: string } } & Partial<Record<keyof CreateBusinessInput, unknown>>,
): Promise<Business> {
  const input = createBusinessInput.parse({
    name: "Test Business",
    slug: uniqueSlug(),
    country: "IN",
    timeZone: "Asia/Kolkata",
    currency: "INR",
    ...overrides,
  });
  return createBusinessService(db, owner.id, input);
}

/** Creates a user and makes them a member of `business` with `role`. */
export async function addMember(
  db: Db,
  business: { id: string },
  role: Role,
  userOverrides: Parameters<typeof createUser>[1] = {},
): Promise<{ user: TestUser; membership: typeof businessMembers.$inferSelect }> {
  const user = await createUser(db, { email: uniqueEmail(role), ...userOverrides });
  const [membership] = await db
    .insert(businessMembers)
    .values({ businessId: business.id, userId: user.id, role })
    .returning();
  return { user, membership: membership! };
}

/** Creates an API key of `business` through the service. Output includes `key`, the secret. */
export async function createApiKeyFor(db: Db, business: { id: string }, name = "Test key") {
  const created = await createApiKey(db, { businessId: business.id, userId: null }, { name });
  return { ...created, businessId: business.id };
}
