import type { LeadFormField } from "./lead-forms";

/*
 * A submission's answers as people read them: on the `form_submitted` timeline entry, in the
 * notification email and in the answers list. Pure.
 */

/** One answer as text: its field's key and label, and the value (choices by their labels, Yes/No). */
export interface AnswerEntry {
  key: string;
  label: string;
  value: string;
}

type FieldLike = Pick<LeadFormField, "key" | "type" | "label" | "options">;

/** The text of one answer: ticked boxes "Yes"/"No", choices by their labels, lists joined with ", ". */
export function answerText(field: FieldLike, value: unknown): string {
  if (value === undefined || value === null) return "";
  const label = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  if (field.type === "checkbox" || field.type === "consent") return value === true ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(label).join(", ");
  if (field.type === "select") return label(value);
  return String(value);
}

/** The answers of a submission in the form's order; fields left empty are skipped. */
export function answerEntries(fields: readonly FieldLike[], answers: Record<string, unknown>): AnswerEntry[] {
  return fields.flatMap((f) => {
    if (!(f.key in answers)) return [];
    const value = answerText(f, answers[f.key]);
    return value === "" ? [] : [{ key: f.key, label: f.label, value }];
  });
}
