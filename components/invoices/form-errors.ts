import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";

/**
 * A failed call's errors for a form: each field's message at its path, and under `_` what the form says
 * on top ("Check the highlighted fields." when a field has its own message, else the error's message).
 */
export function errorsOf(e: unknown): Record<string, string> {
  const fields = fieldErrorsOf(e);
  return { _: Object.keys(fields).length ? "Check the highlighted fields." : messageOf(e), ...fields };
}
