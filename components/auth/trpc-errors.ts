import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";

interface ErrorShape {
  message?: unknown;
  data?: { fieldErrors?: unknown; appCode?: unknown; httpStatus?: unknown } | null;
}

/** Field path → message from a tRPC error (`error.data.fieldErrors`), or an empty object. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const fieldErrors = (error as ErrorShape | null)?.data?.fieldErrors;
  if (!fieldErrors || typeof fieldErrors !== "object") return {};
  return Object.fromEntries(
    Object.entries(fieldErrors as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

/** Our AppError code of a tRPC error (`TOKEN_EXPIRED`, `CONFLICT`…), when the server sent one. */
export function appCodeOf(error: unknown): string | undefined {
  const code = (error as ErrorShape | null)?.data?.appCode;
  return typeof code === "string" ? code : undefined;
}

/** A readable sentence for any error; network failures get their own. */
export function messageOf(error: unknown): string {
  const message = (error as ErrorShape | null)?.message;
  if (typeof message !== "string" || message.length === 0) return "Something went wrong. Try again.";
  if (/failed to fetch|networkerror|load failed/i.test(message)) {
    return "Could not reach the server. Check your connection and try again.";
  }
  return message;
}

/**
 * Puts the error's field errors on the form fields it knows (`fields`), focusing the first one.
 * Output: true when at least one field error was shown, so the caller shows the rest elsewhere.
 */
export function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly FieldPath<T>[],
): boolean {
  let shown = false;
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) {
    const name = fields.find((f) => f === path);
    if (!name) continue;
    setError(name, { type: "server", message }, { shouldFocus: !shown });
    shown = true;
  }
  return shown;
}
