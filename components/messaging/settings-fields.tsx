"use client";

import { CheckCircle2Icon, CopyIcon, TriangleAlertIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import type { MessagingFormState } from "./form-state";

/* The controls the messaging settings forms are made of (./messaging-settings-forms.tsx). */

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-sm font-medium text-destructive">
      {message}
    </p>
  ) : null;
}

/** Props that tie an input to its error message. */
export function errorProps(state: MessagingFormState, name: string) {
  const message = state.fieldErrors?.[name];
  return {
    "aria-invalid": message ? true : undefined,
    "aria-describedby": message ? `${name}-error` : undefined,
  } as const;
}

/** The answer of the last post: saved, or what went wrong; announced to screen readers. */
export function FormStatus({ state }: { state: MessagingFormState }) {
  if (state.status === "idle" || !state.message) return null;
  return state.status === "saved" ? (
    <Alert role="status">
      <CheckCircle2Icon aria-hidden="true" />
      <AlertTitle>{state.message}</AlertTitle>
    </Alert>
  ) : (
    <Alert variant="destructive" role="alert">
      <TriangleAlertIcon aria-hidden="true" />
      <AlertTitle>{state.message}</AlertTitle>
    </Alert>
  );
}

/** Toasts a saved answer and focuses the first field with an error after each post. */
export function useAnswer(state: MessagingFormState, formRef: React.RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    if (state.status === "saved" && state.message) toast.success(state.message);
    if (state.status === "error") {
      const first = Object.keys(state.fieldErrors ?? {})[0];
      const el = first ? formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`) : null;
      el?.focus();
    }
  }, [state, formRef]);
}

/**
 * A secret input. When a secret is stored it shows its mask ("••••abcd set"), a Replace disclosure with
 * an empty input (left empty, the secret is kept) and a Clear box; the secret itself never reaches the
 * page. Works without JavaScript (native `<details>` and checkbox).
 */
export function SecretField({
  name,
  label,
  masked,
  hint,
  state,
  placeholder,
}: {
  name: string;
  label: string;
  masked: string | null;
  hint?: string;
  state: MessagingFormState;
  placeholder?: string;
}) {
  const error = state.fieldErrors?.[name];
  const input = (
    <Input
      id={name}
      name={name}
      type="password"
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      {...errorProps(state, name)}
    />
  );
  return (
    <div className="grid gap-2">
      <Label htmlFor={masked ? undefined : name}>{label}</Label>
      {masked ? (
        <div className="grid gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <Badge variant="secondary" className="font-mono">
              {masked} set
            </Badge>
            <label className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="clear" value={name} className="size-4 accent-primary" />
              Clear
            </label>
          </div>
          <details className="group" open={Boolean(error)}>
            <summary className="w-fit cursor-pointer rounded-sm text-sm font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
              Replace
            </summary>
            <div className="mt-2 grid gap-1">
              <Label htmlFor={name} className="sr-only">
                New {label.toLowerCase()}
              </Label>
              {input}
            </div>
          </details>
        </div>
      ) : (
        input
      )}
      {hint ? <p className="text-sm text-muted-foreground">{hint}</p> : null}
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

export function TextField({
  name,
  label,
  defaultValue,
  state,
  hint,
  ...rest
}: {
  name: string;
  label: string;
  defaultValue: string | number | null;
  state: MessagingFormState;
  hint?: string;
} & Omit<React.ComponentProps<"input">, "name" | "defaultValue">) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={name}>{label}</Label>
      <Input id={name} name={name} defaultValue={defaultValue ?? ""} {...errorProps(state, name)} {...rest} />
      {hint ? <p className="text-sm text-muted-foreground">{hint}</p> : null}
      <FieldError id={`${name}-error`} message={state.fieldErrors?.[name]} />
    </div>
  );
}

export function Hidden({
  businessId,
  businessSlug,
  intent,
}: {
  businessId: string;
  businessSlug: string;
  intent: string;
}) {
  return (
    <>
      <input type="hidden" name="businessId" value={businessId} />
      <input type="hidden" name="businessSlug" value={businessSlug} />
      <input type="hidden" name="intent" value={intent} />
    </>
  );
}

/** A read-only value with a Copy button (the value stays selectable without JavaScript). */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex min-w-0 gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          className="font-mono"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          type="button"
          variant="outline"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            } catch {
              toast.error("Could not copy: select the address and copy it.");
            }
          }}
        >
          <CopyIcon aria-hidden="true" />
          <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
        </Button>
      </div>
    </div>
  );
}
