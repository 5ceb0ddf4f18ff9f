"use server";

import { TRPCError } from "@trpc/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { MessagingFormState } from "@/components/messaging/form-state";
import { secretFields } from "@/components/messaging/form-state";
import { serverApi } from "@/server/api/server";
import type { UpdateMessagingSettingsInput } from "@/server/domain/messaging-settings";
import { isAppError } from "@/server/errors";

function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/** A number field: "" → undefined (kept), else the number (NaN is refused by the contract). */
function numberField(formData: FormData, name: string): number | undefined {
  const v = field(formData, name)?.trim();
  return v ? Number(v) : undefined;
}

/**
 * The change a posted section asks for. Secret inputs: empty keeps the stored secret, a value replaces
 * it, a ticked "clear" box clears it.
 */
function patchOf(section: "email" | "whatsapp", formData: FormData): UpdateMessagingSettingsInput {
  const patch: Record<string, unknown> = {};
  const cleared = new Set(formData.getAll("clear").filter((v): v is string => typeof v === "string"));
  for (const name of secretFields[section]) {
    const value = field(formData, name)?.trim() ?? "";
    if (cleared.has(name)) patch[name] = "";
    else if (value) patch[name] = value;
  }
  if (section === "email") {
    patch.emailFrom = field(formData, "emailFrom") ?? "";
    patch.emailReplyTo = field(formData, "emailReplyTo") ?? "";
    patch.postalAddress = field(formData, "postalAddress") ?? "";
    patch.emailRequiresOptIn = formData.get("emailRequiresOptIn") === "on";
    patch.emailRatePerSecond = numberField(formData, "emailRatePerSecond");
  } else {
    patch.whatsappPhoneNumberId = field(formData, "whatsappPhoneNumberId") ?? "";
    patch.whatsappWabaId = field(formData, "whatsappWabaId") ?? "";
    patch.whatsappRatePerSecond = numberField(formData, "whatsappRatePerSecond");
    const limit = field(formData, "whatsappMessagingLimit");
    if (limit) patch.whatsappMessagingLimit = limit === "unlimited" ? null : Number(limit);
    const words = field(formData, "optOutWords");
    if (words !== undefined)
      patch.optOutWords = words
        .split(/[,\n]/)
        .map((w) => w.trim())
        .filter(Boolean);
  }
  return patch as UpdateMessagingSettingsInput;
}

/** Field errors of a failed procedure call, keyed by input name (`optOutWords.0` → `optOutWords`). */
function failure(e: unknown): MessagingFormState {
  const cause = e instanceof TRPCError ? e.cause : e;
  const raw: Array<[string, string]> =
    cause instanceof z.ZodError
      ? cause.issues.map((i) => [i.path.join("."), i.message])
      : isAppError(cause)
        ? Object.entries(cause.fieldErrors ?? {})
        : [];
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of raw) fieldErrors[path.split(".")[0]!] ??= message;
  const message =
    Object.keys(fieldErrors).length > 0
      ? "Check the highlighted fields."
      : e instanceof Error
        ? e.message
        : "Something went wrong.";
  return { status: "error", message, fieldErrors, at: Date.now() };
}

/**
 * Saves one section of the messaging settings (`section` = email | whatsapp), or reads the WhatsApp
 * messaging limit from Meta (`intent` = refresh-limit). A form action for `useActionState`: it works
 * before the page's script loads (the form posts; secrets never travel in a URL). It calls the
 * `messagingSettings` procedures with the request's session, so the tenancy gate and the
 * `messaging.manage` permission decide, as for every other caller.
 */
export async function saveMessagingSettings(
  _prev: MessagingFormState,
  formData: FormData,
): Promise<MessagingFormState> {
  const businessId = field(formData, "businessId") ?? "";
  const slug = field(formData, "businessSlug") ?? "";
  const intent = field(formData, "intent");
  try {
    const api = await serverApi();
    if (intent === "refresh-limit") {
      const view = await api.messagingSettings.refreshMessagingLimit({ businessId });
      const limit = view.whatsapp.messagingLimit;
      revalidatePath(`/b/${slug}/settings/messaging`);
      return {
        status: "saved",
        message: `Messaging limit from Meta: ${limit === null ? "unlimited" : `${limit.toLocaleString("en-US")} customers / 24 h`}.`,
        at: Date.now(),
      };
    }
    const section = intent === "email" ? "email" : "whatsapp";
    await api.messagingSettings.update({ businessId, ...patchOf(section, formData) });
    revalidatePath(`/b/${slug}/settings/messaging`);
    return {
      status: "saved",
      message: section === "email" ? "Email settings saved." : "WhatsApp settings saved.",
      at: Date.now(),
    };
  } catch (e) {
    if (e instanceof TRPCError || isAppError(e)) return failure(e);
    throw e;
  }
}
