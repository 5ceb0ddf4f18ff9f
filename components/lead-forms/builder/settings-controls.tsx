"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { LeadFormSettings } from "@/server/domain/lead-forms";
import { controlId, errorAt } from "./builder-state";
import { controlProps, Labelled } from "./labelled";

/** What every settings section gets: the settings, a way to change them, and the errors by path. */
export interface SettingsSectionProps {
  settings: LeadFormSettings;
  onChange: (settings: LeadFormSettings) => void;
  errors: Record<string, string>;
}

/** `definition.settings.<name>`: the path of a setting. */
export const sp = (name: string) => `definition.settings.${name}`;
/** The error at a setting or under it. */
export const serr = (errors: Record<string, string>, name: string) => errorAt(errors, sp(name));

/** A number input's value as an integer, or undefined when empty or not a number. */
export function intOf(v: string): number | undefined {
  if (v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * A list typed as text, one item per comma or line (tags, emails, domains). The text is kept as typed;
 * the list it stands for is handed up on every change.
 */
export function ListInput({
  path,
  label,
  hint,
  error,
  value,
  onChange,
  multiline,
  placeholder,
}: {
  path: string;
  label: string;
  hint?: string;
  error?: string;
  value: readonly string[];
  onChange: (list: string[]) => void;
  multiline?: boolean;
  placeholder?: string;
}) {
  const [text, setText] = useState(value.join(multiline ? "\n" : ", "));
  const split = (s: string) =>
    s
      .split(multiline ? /[\n,]+/ : /,/)
      .map((x) => x.trim())
      .filter(Boolean);
  const props = {
    ...controlProps(path, error, !!hint),
    value: text,
    placeholder,
    onChange: (e: { target: { value: string } }) => {
      setText(e.target.value);
      onChange(split(e.target.value));
    },
  };
  return (
    <Labelled path={path} label={label} hint={hint} error={error}>
      {multiline ? <Textarea {...props} rows={3} spellCheck={false} /> : <Input {...props} />}
    </Labelled>
  );
}

/** A switch with its label (and an optional hint) for a yes/no setting. */
export function SwitchRow({
  path,
  label,
  hint,
  checked,
  onCheckedChange,
}: {
  path: string;
  label: string;
  hint?: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  const id = controlId(path);
  return (
    <div className="flex items-start gap-3">
      <Switch
        id={id}
        checked={checked}
        onCheckedChange={onCheckedChange}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5"
      />
      <div className="grid gap-0.5">
        <Label htmlFor={id}>{label}</Label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
