import type { ReactNode } from "react";
import { cn } from "@/components/ui/utils";

/**
 * A radio group drawn as cards, each with a label and a line under it: a native `<fieldset>` of
 * `<input type="radio">`, so Tab reaches the group and the arrow keys move the choice. `legend` names the
 * group; `error` is announced with it.
 */
export function ChoiceCards<T extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  error,
  columns = 3,
}: {
  name: string;
  legend: ReactNode;
  value: T;
  options: readonly { value: T; label: string; description?: ReactNode; disabled?: boolean }[];
  onChange: (value: T) => void;
  error?: string;
  columns?: 1 | 2 | 3;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="grid min-w-0 gap-2" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div
        className={cn(
          "grid min-w-0 gap-2",
          columns === 3 && "sm:grid-cols-3",
          columns === 2 && "sm:grid-cols-2",
        )}
      >
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          return (
            <label
              key={o.value}
              htmlFor={id}
              className={cn(
                "flex min-w-0 cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm transition-colors",
                "has-[:checked]:border-primary has-[:checked]:bg-primary/5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                o.disabled && "cursor-not-allowed opacity-60",
              )}
            >
              <input
                type="radio"
                id={id}
                name={name}
                value={o.value}
                checked={value === o.value}
                disabled={o.disabled}
                onChange={() => onChange(o.value)}
                className="mt-0.5 size-4 shrink-0 accent-primary outline-none"
              />
              <span className="grid min-w-0 gap-0.5">
                <span className="font-medium">{o.label}</span>
                {o.description ? <span className="text-muted-foreground">{o.description}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
