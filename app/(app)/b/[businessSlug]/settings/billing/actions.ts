"use server";

import { TRPCError } from "@trpc/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { MessagingFormState } from "@/components/messaging/form-state";
import { serverApi } from "@/server/api/server";
import type { UpdatePaymentAccountInput } from "@/server/domain/payments";
import { isAppError } from "@/server/errors";

/** Form input names per provider → the account field they set. Distinct names: both forms share a page. */
const fieldsOf = {
  stripe: { stripeSecretKey: "secretKey", stripeWebhookSecret: "webhookSecret" },
  razorpay: { razorpayKeySecret: "secretKey", razorpayWebhookSecret: "webhookSecret" },
} as const;

function failure(e: unknown, provider: "stripe" | "razorpay"): MessagingFormState {
  const cause = e instanceof TRPCError ? e.cause : e;
  const raw: Array<[string, string]> =
    cause instanceof z.ZodError
      ? cause.issues.map((i) => [String(i.path[0] ?? ""), i.message])
      : isAppError(cause)
        ? Object.entries(cause.fieldErrors ?? {})
        : [];
  const toInput = Object.fromEntries([
    ...Object.entries(fieldsOf[provider]).map(([input, field]) => [field, input]),
    ["publicKey", "razorpayKeyId"],
  ]);
  const fieldErrors: Record<string, string> = {};
  for (const [field, message] of raw) fieldErrors[toInput[field] ?? field] ??= message;
  return {
    status: "error",
    message: Object.keys(fieldErrors).length
      ? "Check the highlighted fields."
      : e instanceof Error
        ? e.message
        : "Something went wrong.",
    fieldErrors,
    at: Date.now(),
  };
}

/**
 * Saves a provider's keys from the Online payments forms of Settings → Billing (`intent` = stripe or
 * razorpay). A form action for `useActionState`: it works before the page's script loads, so keys are
 * posted, never put in a URL. Secret inputs: empty keeps, a value replaces, a ticked Clear clears. It
 * calls `payments.updateAccount` with the request's session (tenancy and `invoices.manage` decide).
 */
export async function savePaymentAccount(
  _prev: MessagingFormState,
  formData: FormData,
): Promise<MessagingFormState> {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v.trim() : "";
  };
  const provider = text("intent") === "razorpay" ? "razorpay" : "stripe";
  const cleared = new Set(formData.getAll("clear").filter((v): v is string => typeof v === "string"));
  const patch: Omit<UpdatePaymentAccountInput, "provider"> = {};
  for (const [input, field] of Object.entries(fieldsOf[provider]) as [
    string,
    "secretKey" | "webhookSecret",
  ][]) {
    if (cleared.has(input)) patch[field] = "";
    else if (text(input)) patch[field] = text(input);
  }
  if (provider === "razorpay") patch.publicKey = text("razorpayKeyId");
  try {
    const api = await serverApi();
    await api.payments.updateAccount({ businessId: text("businessId"), provider, ...patch });
    revalidatePath(`/b/${text("businessSlug")}/settings/billing`);
    return {
      status: "saved",
      message: `${provider === "stripe" ? "Stripe" : "Razorpay"} keys saved.`,
      at: Date.now(),
    };
  } catch (e) {
    if (e instanceof TRPCError || isAppError(e)) return failure(e, provider);
    throw e;
  }
}
