import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { controlId } from "./builder-state";

/** The ids a control at `path` is described by: its hint and its error, when shown. */
export function describedBy(path: string, hint: boolean, error: string | undefined): string | undefined {
  const id = controlId(path);
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The attributes of a control at `path`: its id, invalid state and description. */
export function controlProps(path: string, error: string | undefined, hint = false) {
  return {
    id: controlId(path),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(path, hint, error),
  } as const;
}

/**
 * A labelled builder control at a definition path (`definition.fields.0.label`), with an optional hint
 * under it and its error. The control itself takes `controlProps(path, error, !!hint)`.
 */
export function Labelled({
  path,
  label,
  hint,
  error,
  children,
  className,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  const id = controlId(path);
  return (
    <div className={className ?? "grid min-w-0 content-start gap-1.5"}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
