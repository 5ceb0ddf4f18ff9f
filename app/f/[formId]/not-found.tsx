import { LeadFormNotice } from "@/components/lead-forms/public-form";
import { leadFormTexts, leadFormThemeSchema } from "@/server/domain/lead-forms";

/** An unknown or never published form (404): a plain notice, nothing about any business. */
export default function LeadFormNotFound() {
  return (
    <LeadFormNotice
      definition={{ settings: { theme: leadFormThemeSchema.parse({}), language: "en" } }}
      title="Form not found"
      message={leadFormTexts.en.notFound}
      layout="page"
    />
  );
}
