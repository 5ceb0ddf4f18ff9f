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

/**
 * Sets or removes the logo on documents from Settings → Billing (a form with a file input `logo`, or
 * `intent=remove`). A form action for `useActionState` that works before the script loads; it calls
 * `invoices.setLogo` with the request's session (tenancy and `invoices.manage` decide).
 */
export async function saveInvoiceLogo(
  _prev: MessagingFormState,
  formData: FormData,
): Promise<MessagingFormState> {
  const businessId = String(formData.get("businessId") ?? "");
  const slug = String(formData.get("businessSlug") ?? "");
  const remove = formData.get("intent") === "remove";
  const file = formData.get("logo");
  const error = (message: string, field = "logo"): MessagingFormState => ({
    status: "error",
    message,
    fieldErrors: { [field]: message },
    at: Date.now(),
  });
  if (!remove && (!(file instanceof File) || file.size === 0)) return error("Choose a PNG or JPEG image.");
  if (!remove && (file as File).size > 512 * 1024) return error("Use an image of at most 512 KB.");
  try {
    const api = await serverApi();
    const image = remove ? null : Buffer.from(await (file as File).arrayBuffer()).toString("base64");
    await api.invoices.setLogo({ businessId, image });
    revalidatePath(`/b/${slug}/settings/billing`);
    return { status: "saved", message: remove ? "Logo removed." : "Logo saved.", at: Date.now() };
  } catch (e) {
    if (e instanceof TRPCError || isAppError(e)) {
      const cause = e instanceof TRPCError ? e.cause : e;
      return error(
        isAppError(cause) ? cause.message : e instanceof Error ? e.message : "The logo was not saved.",
      );
    }
    throw e;
  }
}
