import type { BadgeProps } from "@/components/ui/badge";
import type { FormSubmissionStatus } from "@/server/domain/lead-form-contracts";

/** Each status as the business reads it. */
export const submissionStatusLabels: Record<FormSubmissionStatus, string> = {
  received: "New",
  processed: "Customer added",
  failed: "Failed",
  spam: "Spam",
};

export const submissionStatusVariant: Record<FormSubmissionStatus, NonNullable<BadgeProps["variant"]>> = {
  received: "secondary",
  processed: "success",
  failed: "destructive",
  spam: "outline",
};

/** An answer as text: lists joined, booleans as Yes / No, nothing as "—". */
export function answerText(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

/** Why a submission went to Spam, in words (the reasons the intake records). */
export function spamReasonText(reason: string | null): string {
  switch (reason) {
    case "honeypot":
      return "Filled a field people never see (a bot).";
    case "too_fast":
    case "timing":
      return "Sent faster than a person can fill the form.";
    case "disposable_email":
      return "Used a throwaway email address.";
    case "captcha":
      return "Failed the captcha.";
    case null:
    case "":
      return "Marked as spam.";
    default:
      return reason;
  }
}
