import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

/** The id of a campaign form control, by field (errors focus it). */
export const fieldId = (field: string) => `campaign-${field}`;

/** The ids a control is described by: its hint and its error, when shown. */
export function describedBy(field: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${fieldId(field)}-hint` : null, error ? `${fieldId(field)}-error` : null].filter(
    Boolean,
  );
  return ids.length ? ids.join(" ") : undefined;
}

/** A labelled control with an optional hint under it and its error. */
export function FormField({
  field,
  label,
  hint,
  error,
  children,
}: {
  field: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid min-w-0 gap-2">
      <Label htmlFor={fieldId(field)}>{label}</Label>
      {children}
      {hint ? (
        <p id={`${fieldId(field)}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${fieldId(field)}-error`} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
