import { and, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type PaymentProvider, paymentAccounts } from "@/db/schema";
import { maskSecret, openSecret, sealSecret } from "@/server/crypto/secret-box";
import {
  paymentProviders,
  type UpdatePaymentAccountInput,
  updatePaymentAccountInput,
} from "@/server/domain/payments";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

/** What the settings page shows of a provider account: never a secret, only its masked tail. */
export interface PaymentAccountView {
  provider: PaymentProvider;
  /** Keys saved: the public page offers this provider. */
  configured: boolean;
  /** Razorpay's key id (public), else null. */
  keyId: string | null;
  /** "sk_live_…abcd": the saved secret key masked, or null. */
  secretKey: string | null;
  webhookSecret: string | null;
  /** The address to give the provider for webhooks. */
  webhookUrl: string;
}

/** A provider account with its secrets opened, for the services that call the provider. */
export interface PaymentAccount {
  provider: PaymentProvider;
  keyId: string | null;
  secretKey: string;
  webhookSecret: string | null;
}

function webhookUrl(provider: PaymentProvider): string {
  return new URL(`/api/webhooks/${provider}`, env.APP_URL).toString();
}

function masked(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return maskSecret(openSecret(sealed));
  } catch {
    return "(sealed under another key: enter it again)";
  }
}

/** Both provider accounts of the business as the settings page shows them (secrets masked). */
export async function getPaymentAccounts(
  db: DbOrTx,
  businessId: string,
): Promise<Record<PaymentProvider, PaymentAccountView>> {
  const rows = await db.select().from(paymentAccounts).where(eq(paymentAccounts.businessId, businessId));
  const view = (provider: PaymentProvider): PaymentAccountView => {
    const r = rows.find((x) => x.provider === provider);
    return {
      provider,
      configured: !!r?.secretKeySealed && (provider !== "razorpay" || !!r.keyId),
      keyId: r?.keyId ?? null,
      secretKey: masked(r?.secretKeySealed ?? null),
      webhookSecret: masked(r?.webhookSecretSealed ?? null),
      webhookUrl: webhookUrl(provider),
    };
  };
  return { stripe: view("stripe"), razorpay: view("razorpay") };
}

/**
 * Saves keys of one provider account (sealed at rest). Output: the accounts as `getPaymentAccounts`.
 * Errors: VALIDATION at the field (a key of the wrong shape).
 */
export async function updatePaymentAccount(
  db: DbOrTx,
  businessId: string,
  input: UpdatePaymentAccountInput,
): Promise<Record<PaymentProvider, PaymentAccountView>> {
  const parsed = updatePaymentAccountInput.safeParse(input);
  if (!parsed.success)
    throw new AppError(
      "VALIDATION",
      "Check the highlighted fields.",
      Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])),
    );
  const v = parsed.data;
  const seal = (s: string | undefined) => (s === undefined ? undefined : s === "" ? null : sealSecret(s));
  const patch = {
    keyId: v.publicKey === undefined ? undefined : v.publicKey || null,
    secretKeySealed: seal(v.secretKey),
    webhookSecretSealed: seal(v.webhookSecret),
    updatedAt: new Date(),
  };
  await db
    .insert(paymentAccounts)
    .values({ businessId, provider: v.provider, ...patch })
    .onConflictDoUpdate({
      target: [paymentAccounts.businessId, paymentAccounts.provider],
      set: Object.fromEntries(Object.entries(patch).filter(([, x]) => x !== undefined)),
    });
  return getPaymentAccounts(db, businessId);
}

/** The account of `provider` with its secrets opened, or null when it has no usable keys. */
export async function loadPaymentAccount(
  db: DbOrTx,
  businessId: string,
  provider: PaymentProvider,
): Promise<PaymentAccount | null> {
  const [r] = await db
    .select()
    .from(paymentAccounts)
    .where(and(eq(paymentAccounts.businessId, businessId), eq(paymentAccounts.provider, provider)))
    .limit(1);
  if (!r?.secretKeySealed || (provider === "razorpay" && !r.keyId)) return null;
  try {
    return {
      provider,
      keyId: r.keyId,
      secretKey: openSecret(r.secretKeySealed),
      webhookSecret: r.webhookSecretSealed ? openSecret(r.webhookSecretSealed) : null,
    };
  } catch {
    return null;
  }
}

/** The providers the business takes online payments through (keys saved), in display order. */
export async function onlinePaymentProviders(db: DbOrTx, businessId: string): Promise<PaymentProvider[]> {
  // Read on every open of an invoice link: which keys are saved, without opening any secret.
  const rows = await db
    .select({ provider: paymentAccounts.provider, keyId: paymentAccounts.keyId })
    .from(paymentAccounts)
    .where(and(eq(paymentAccounts.businessId, businessId), isNotNull(paymentAccounts.secretKeySealed)));
  return paymentProviders.filter((p) => rows.some((r) => r.provider === p && (p !== "razorpay" || r.keyId)));
}
