import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { LeadFormNotice } from "@/components/lead-forms/public-form";
import { getDb } from "@/db/client";
import { leadFormTexts, publicDefinition } from "@/server/domain/lead-forms";
import { loadPublishedForm } from "@/server/services/lead-forms/intake/published-form";

/**
 * The thank-you page after a form was sent from the hosted page (`/f/{formId}/thanks`): the form's
 * success message, or the built-in thanks in its language. Forms with a redirect URL send the visitor
 * there instead.
 */

type Props = { params: Promise<{ formId: string }> };

const loadForm = cache(async (formId: string) => loadPublishedForm(await getDb(), formId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const form = await loadForm((await params).formId);
  return { title: { absolute: form?.definition.settings.title ?? "Thank you" }, robots: { index: false } };
}

export default async function LeadFormThanksPage({ params }: Props) {
  const form = await loadForm((await params).formId);
  if (!form) notFound();
  const definition = publicDefinition(form.definition);
  const success = definition.settings.success;
  const message =
    success.type === "message" && success.message.trim()
      ? success.message
      : leadFormTexts[definition.settings.language].thanks;
  return (
    <LeadFormNotice
      definition={definition}
      title={definition.settings.title}
      message={message}
      layout="page"
    />
  );
}
