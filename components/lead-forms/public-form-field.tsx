import type { ReactNode } from "react";
import { LEAD_FORM_LIMITS, type PublicLeadFormDefinition } from "@/server/domain/lead-forms";

/** One field of a form as a visitor's browser receives it. */
export type PublicLeadFormField = PublicLeadFormDefinition["fields"][number];

/** What a field renders with: its previous value, its error, the id prefix of the form. */
export interface PublicFieldProps {
  field: PublicLeadFormField;
  idPrefix: string;
  value: unknown;
  error?: string;
  /** Value of a hidden field (from the page's URL parameters). */
  hiddenValue?: string;
  preview?: boolean;
}

function firstText(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return "";
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}

function isTicked(value: unknown): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return v === true || v === "on" || v === "true" || v === "1" || v === "yes";
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  return typeof value === "string" && value ? [value] : [];
}

/** Autocomplete tokens (WHATWG autofill) guessed from the field's type and key. */
function autocompleteOf(field: PublicLeadFormField): string | undefined {
  if (field.type === "email") return "email";
  if (field.type === "phone" || field.type === "whatsapp") return "tel";
  const byKey: Record<string, string> = {
    name: "name",
    full_name: "name",
    first_name: "given-name",
    last_name: "family-name",
    company: "organization",
    city: "address-level2",
    postal_code: "postal-code",
    zip: "postal-code",
    country: "country-name",
  };
  return byKey[field.key];
}

function maxLengthOf(field: PublicLeadFormField): number {
  const cap =
    field.type === "long_text"
      ? LEAD_FORM_LIMITS.longText
      : field.type === "hidden"
        ? LEAD_FORM_LIMITS.hidden
        : LEAD_FORM_LIMITS.shortText;
  return Math.min(field.validation?.maxLength ?? cap, cap);
}

/**
 * One field: its label, control, help text and error line. The error line is always present (empty when
 * there is no error, hidden by CSS) so the embed can fill it in place; the control points at it with
 * `aria-describedby` and says `aria-invalid` when it holds an error.
 */
export function PublicFormField({ field, idPrefix, value, error, hiddenValue, preview }: PublicFieldProps) {
  const id = `${idPrefix}-${field.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [field.helpText ? helpId : null, error ? errorId : null].filter(Boolean).join(" ");
  const common = {
    id,
    name: field.key,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };

  if (field.type === "hidden") {
    const v = hiddenValue ?? firstText(value);
    return (
      <>
        <input type="hidden" name={field.key} value={v} />
        {preview ? (
          <p className="mcf-note">
            {field.label}: {`?${field.param || field.key}=`}
          </p>
        ) : null}
      </>
    );
  }

  const help = field.helpText ? (
    <p className="mcf-help" id={helpId}>
      {field.helpText}
    </p>
  ) : null;
  const errorLine = (
    <p className="mcf-error" id={errorId} data-error-for={field.key}>
      {error ?? ""}
    </p>
  );
  const required = field.required ? (
    <span className="mcf-req" aria-hidden="true">
      *
    </span>
  ) : null;

  if (field.type === "checkbox" || field.type === "consent") {
    return (
      <div className="mcf-field" data-field={field.key}>
        <label className="mcf-check" htmlFor={id}>
          <input
            {...common}
            type="checkbox"
            value="on"
            required={field.required}
            defaultChecked={isTicked(value)}
          />
          <span>
            {field.label}
            {required}
          </span>
        </label>
        {help}
        {errorLine}
      </div>
    );
  }

  if (field.type === "multi_select") {
    const chosen = new Set(listOf(value));
    return (
      <fieldset
        className="mcf-field"
        data-field={field.key}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
      >
        <legend className="mcf-label">
          {field.label}
          {required}
        </legend>
        <div className="mcf-options">
          {(field.options ?? []).map((o, i) => (
            <label className="mcf-check" key={o.value} htmlFor={`${id}-${i}`}>
              <input
                type="checkbox"
                id={`${id}-${i}`}
                name={field.key}
                value={o.value}
                defaultChecked={chosen.has(o.value)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
        {help}
        {errorLine}
      </fieldset>
    );
  }

  let control: ReactNode;
  const text = firstText(value);
  const v = field.validation;
  switch (field.type) {
    case "long_text":
      control = (
        <textarea
          {...common}
          className="mcf-input"
          rows={4}
          required={field.required}
          placeholder={field.placeholder}
          maxLength={maxLengthOf(field)}
          minLength={v?.minLength}
          defaultValue={text}
        />
      );
      break;
    case "select":
      control = (
        <select {...common} className="mcf-input" required={field.required} defaultValue={text}>
          <option value="">{field.placeholder ?? ""}</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case "number":
      control = (
        <input
          {...common}
          className="mcf-input"
          type="number"
          inputMode="decimal"
          step="any"
          min={v?.min}
          max={v?.max}
          required={field.required}
          placeholder={field.placeholder}
          defaultValue={text}
        />
      );
      break;
    case "date":
      control = (
        <input
          {...common}
          className="mcf-input"
          type="date"
          min={v?.minDate}
          max={v?.maxDate}
          required={field.required}
          defaultValue={text}
        />
      );
      break;
    default: {
      const type =
        field.type === "email"
          ? "email"
          : field.type === "phone" || field.type === "whatsapp"
            ? "tel"
            : "text";
      control = (
        <input
          {...common}
          className="mcf-input"
          type={type}
          inputMode={type === "email" ? "email" : type === "tel" ? "tel" : undefined}
          autoComplete={autocompleteOf(field)}
          required={field.required}
          placeholder={field.placeholder}
          maxLength={type === "text" ? maxLengthOf(field) : type === "email" ? 254 : 40}
          minLength={type === "text" ? v?.minLength : undefined}
          pattern={type === "text" ? v?.pattern : undefined}
          dir={type === "text" ? undefined : "ltr"}
          defaultValue={text}
        />
      );
    }
  }

  return (
    <div className="mcf-field" data-field={field.key}>
      <label className="mcf-label" htmlFor={id}>
        {field.label}
        {required}
      </label>
      {control}
      {help}
      {errorLine}
    </div>
  );
}
