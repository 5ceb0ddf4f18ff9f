"use server";

import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { serverApi } from "@/server/api/server";
import { isAppError } from "@/server/errors";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/**
 * Saves or removes the business's lead form captcha from the spam protection page's plain HTML form
 * (it posts without JavaScript, so the secret never travels in a URL or through client code). Fields:
 * `slug`, `intent` (`save` | `remove`), `provider`, `siteKey`, `secret`. Ends with a redirect back to
 * the page with `?saved=1`, `?removed=1` or `?error=<sentence>&field=<name>`.
 */
export async function saveCaptcha(formData: FormData): Promise<void> {
  const slug = text(formData, "slug");
  const back = `/b/${encodeURIComponent(slug)}/forms/spam-protection`;
  const api = await serverApi();
  const business = (await api.business.list()).find((b) => b.slug === slug);
  if (!business) redirect("/b");
  const remove = text(formData, "intent") === "remove";
  let outcome: string;
  try {
    await api.leadForms.setCaptcha({
      businessId: business.id,
      captcha: remove
        ? null
        : {
            provider: text(formData, "provider") as "turnstile" | "hcaptcha",
            siteKey: text(formData, "siteKey"),
            secret: text(formData, "secret"),
          },
    });
    outcome = remove ? "removed=1" : "saved=1";
  } catch (e) {
    const cause = e instanceof TRPCError ? e.cause : e;
    const fields = isAppError(cause) ? Object.entries(cause.fieldErrors ?? {}) : [];
    const [field, message] = fields[0] ?? ["", e instanceof Error ? e.message : "Something went wrong."];
    outcome = `error=${encodeURIComponent(message)}${field ? `&field=${encodeURIComponent(field.replace(/^captcha\./, ""))}` : ""}`;
  }
  redirect(`${back}?${outcome}`);
}
