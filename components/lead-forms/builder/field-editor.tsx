"use client";

import { PlusIcon, XIcon } from "lucide-react";
import { useMemo } from "react";
import { countryOptions } from "@/components/business/locale-options";
import { consentChannelLabels } from "@/components/customers/form/labels";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { type MappableCustomField, mapTargetsFor } from "@/server/domain/lead-form-mapping";
import { LEAD_FORM_LIMITS, type LeadFormField } from "@/server/domain/lead-forms";
import { controlId, errorAt } from "./builder-state";
import { controlProps, Labelled } from "./labelled";

type Validation = NonNullable<LeadFormField["validation"]>;

const textual = new Set(["short_text", "long_text", "hidden"]);
const withPlaceholder = new Set(["short_text", "long_text", "email", "phone", "whatsapp", "number"]);

/** A number input's value as a number, or undefined when empty. */
function num(v: string): number | undefined {
  if (v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Every setting of one field: label, key, placeholder, help text, required, which customer field it
 * fills (only the ones its type fits), choices, validation (length, pattern, range, dates), the consent
 * channel, the phone's default country and a hidden field's URL parameter. Errors show at their control.
 */
export function FieldEditor({
  index,
  field,
  errors,
  customFields,
  onChange,
}: {
  index: number;
  field: LeadFormField;
  errors: Record<string, string>;
  customFields: readonly MappableCustomField[];
  onChange: (field: LeadFormField) => void;
}) {
  const base = `definition.fields.${index}`;
  const p = (name: string) => `${base}.${name}`;
  const err = (name: string) => errorAt(errors, p(name));
  const set = (patch: Partial<LeadFormField>) => onChange({ ...field, ...patch });
  const setValidation = (patch: Partial<Validation>) => {
    const next = { ...field.validation, ...patch };
    for (const k of Object.keys(next) as (keyof Validation)[]) if (next[k] === undefined) delete next[k];
    set({ validation: Object.keys(next).length ? next : undefined });
  };
  const targets = useMemo(() => mapTargetsFor(field.type, customFields), [field.type, customFields]);
  const countries = useMemo(
    () => (field.type === "phone" || field.type === "whatsapp" ? countryOptions() : []),
    [field.type],
  );
  const v = field.validation ?? {};

  return (
    <div className="grid min-w-0 gap-4 sm:grid-cols-2">
      <Labelled
        path={p("label")}
        label="Label"
        error={err("label")}
        className="grid min-w-0 content-start gap-1.5 sm:col-span-2"
      >
        <Input
          {...controlProps(p("label"), err("label"))}
          value={field.label}
          maxLength={LEAD_FORM_LIMITS.label}
          onChange={(e) => set({ label: e.target.value })}
        />
      </Labelled>
      {withPlaceholder.has(field.type) ? (
        <Labelled path={p("placeholder")} label="Placeholder" error={err("placeholder")}>
          <Input
            {...controlProps(p("placeholder"), err("placeholder"))}
            value={field.placeholder ?? ""}
            maxLength={LEAD_FORM_LIMITS.placeholder}
            onChange={(e) => set({ placeholder: e.target.value || undefined })}
          />
        </Labelled>
      ) : null}
      {field.type !== "hidden" ? (
        <Labelled path={p("helpText")} label="Help text" error={err("helpText")}>
          <Input
            {...controlProps(p("helpText"), err("helpText"))}
            value={field.helpText ?? ""}
            maxLength={LEAD_FORM_LIMITS.helpText}
            onChange={(e) => set({ helpText: e.target.value || undefined })}
          />
        </Labelled>
      ) : null}
      <Labelled
        path={p("mapTo")}
        label="Save to the customer as"
        hint="New leads get this answer in that field; it is on their timeline either way."
        error={err("mapTo")}
      >
        <NativeSelect
          {...controlProps(p("mapTo"), err("mapTo"), true)}
          value={field.mapTo ?? ""}
          onChange={(e) => set({ mapTo: e.target.value || null })}
        >
          <option value="">Only on the timeline</option>
          {targets.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
          {field.mapTo && !targets.some((t) => t.value === field.mapTo) ? (
            <option value={field.mapTo}>{field.mapTo} (does not fit)</option>
          ) : null}
        </NativeSelect>
      </Labelled>
      <Labelled
        path={p("key")}
        label="Field key"
        hint="Its name in exports, the API and the page's HTML."
        error={err("key")}
      >
        <Input
          {...controlProps(p("key"), err("key"), true)}
          value={field.key}
          maxLength={LEAD_FORM_LIMITS.key}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => set({ key: e.target.value })}
        />
      </Labelled>
      {field.type !== "hidden" ? (
        <div className="flex items-center gap-3 sm:col-span-2">
          <Switch
            id={controlId(p("required"))}
            checked={field.required}
            onCheckedChange={(required) => set({ required })}
          />
          <Label htmlFor={controlId(p("required"))}>Required</Label>
        </div>
      ) : null}

      {field.type === "select" || field.type === "multi_select" ? (
        <OptionsEditor
          path={p("options")}
          options={field.options ?? []}
          errors={errors}
          onChange={(options) => set({ options })}
        />
      ) : null}

      {field.type === "consent" ? (
        <Labelled
          path={p("consentChannel")}
          label="Consent to be contacted on"
          hint="Ticking it records the customer's consent for this channel."
          error={err("consentChannel")}
        >
          <NativeSelect
            {...controlProps(p("consentChannel"), err("consentChannel"), true)}
            value={field.consentChannel ?? ""}
            onChange={(e) =>
              set({ consentChannel: (e.target.value || undefined) as LeadFormField["consentChannel"] })
            }
          >
            <option value="">Choose…</option>
            {(["email", "whatsapp", "sms"] as const).map((c) => (
              <option key={c} value={c}>
                {consentChannelLabels[c]}
              </option>
            ))}
          </NativeSelect>
        </Labelled>
      ) : null}

      {field.type === "phone" || field.type === "whatsapp" ? (
        <Labelled
          path={p("defaultCountry")}
          label="Country of numbers without a code"
          error={err("defaultCountry")}
        >
          <NativeSelect
            {...controlProps(p("defaultCountry"), err("defaultCountry"))}
            value={field.defaultCountry ?? ""}
            onChange={(e) => set({ defaultCountry: e.target.value || undefined })}
          >
            <option value="">None (ask for +code)</option>
            {countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </NativeSelect>
        </Labelled>
      ) : null}

      {field.type === "hidden" ? (
        <Labelled
          path={p("param")}
          label="Filled from the link's parameter"
          hint={`e.g. ?${field.param || field.key}=spring-offer on the page's address.`}
          error={err("param")}
        >
          <Input
            {...controlProps(p("param"), err("param"), true)}
            value={field.param ?? ""}
            placeholder={field.key}
            maxLength={LEAD_FORM_LIMITS.key}
            onChange={(e) => set({ param: e.target.value || undefined })}
          />
        </Labelled>
      ) : null}

      {textual.has(field.type) ? (
        <>
          <Labelled
            path={p("validation.minLength")}
            label="At least (characters)"
            error={err("validation.minLength")}
          >
            <Input
              {...controlProps(p("validation.minLength"), err("validation.minLength"))}
              type="number"
              inputMode="numeric"
              min={0}
              value={v.minLength ?? ""}
              onChange={(e) => setValidation({ minLength: num(e.target.value) })}
            />
          </Labelled>
          <Labelled
            path={p("validation.maxLength")}
            label="At most (characters)"
            error={err("validation.maxLength")}
          >
            <Input
              {...controlProps(p("validation.maxLength"), err("validation.maxLength"))}
              type="number"
              inputMode="numeric"
              min={1}
              value={v.maxLength ?? ""}
              onChange={(e) => setValidation({ maxLength: num(e.target.value) })}
            />
          </Labelled>
        </>
      ) : null}
      {field.type === "short_text" ? (
        <Labelled
          path={p("validation.pattern")}
          label="Pattern"
          hint="A regular expression the whole answer must match, e.g. [A-Z]{2}[0-9]{4}."
          error={err("validation.pattern")}
          className="grid min-w-0 content-start gap-1.5 sm:col-span-2"
        >
          <Input
            {...controlProps(p("validation.pattern"), err("validation.pattern"), true)}
            value={v.pattern ?? ""}
            maxLength={LEAD_FORM_LIMITS.pattern}
            spellCheck={false}
            onChange={(e) => setValidation({ pattern: e.target.value || undefined })}
          />
        </Labelled>
      ) : null}
      {field.type === "number" ? (
        <>
          <Labelled path={p("validation.min")} label="Smallest" error={err("validation.min")}>
            <Input
              {...controlProps(p("validation.min"), err("validation.min"))}
              type="number"
              value={v.min ?? ""}
              onChange={(e) => setValidation({ min: num(e.target.value) })}
            />
          </Labelled>
          <Labelled path={p("validation.max")} label="Largest" error={err("validation.max")}>
            <Input
              {...controlProps(p("validation.max"), err("validation.max"))}
              type="number"
              value={v.max ?? ""}
              onChange={(e) => setValidation({ max: num(e.target.value) })}
            />
          </Labelled>
        </>
      ) : null}
      {field.type === "date" ? (
        <>
          <Labelled path={p("validation.minDate")} label="Earliest" error={err("validation.minDate")}>
            <Input
              {...controlProps(p("validation.minDate"), err("validation.minDate"))}
              type="date"
              value={v.minDate ?? ""}
              onChange={(e) => setValidation({ minDate: e.target.value || undefined })}
            />
          </Labelled>
          <Labelled path={p("validation.maxDate")} label="Latest" error={err("validation.maxDate")}>
            <Input
              {...controlProps(p("validation.maxDate"), err("validation.maxDate"))}
              type="date"
              value={v.maxDate ?? ""}
              onChange={(e) => setValidation({ maxDate: e.target.value || undefined })}
            />
          </Labelled>
        </>
      ) : null}
    </div>
  );
}

/** The choices of a dropdown or multiple-choice field: one text box each, add and remove. */
function OptionsEditor({
  path,
  options,
  errors,
  onChange,
}: {
  path: string;
  options: { value: string; label: string }[];
  errors: Record<string, string>;
  onChange: (options: { value: string; label: string }[]) => void;
}) {
  const listError = errors[path];
  return (
    <fieldset
      id={controlId(path)}
      tabIndex={-1}
      className="grid min-w-0 gap-2 outline-none sm:col-span-2"
      aria-describedby={listError ? `${controlId(path)}-error` : undefined}
    >
      <legend className="mb-1 text-sm font-medium">Choices</legend>
      {options.map((o, i) => {
        const at = `${path}.${i}`;
        const error = errorAt(errors, at);
        return (
          <div key={i} className="grid gap-1">
            <div className="flex items-center gap-2">
              <Input
                {...controlProps(`${at}.label`, error)}
                aria-label={`Choice ${i + 1}`}
                value={o.label}
                maxLength={LEAD_FORM_LIMITS.optionLabel}
                onChange={(e) => {
                  const next = [...options];
                  next[i] = { value: e.target.value.trim(), label: e.target.value };
                  onChange(next);
                }}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                aria-label={`Remove choice ${i + 1}`}
                onClick={() => onChange(options.filter((_, j) => j !== i))}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </div>
            {error ? (
              <p id={`${controlId(`${at}.label`)}-error`} className="text-sm font-medium text-destructive">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="w-fit"
        disabled={options.length >= LEAD_FORM_LIMITS.options}
        onClick={() =>
          onChange([
            ...options,
            { value: `Option ${options.length + 1}`, label: `Option ${options.length + 1}` },
          ])
        }
      >
        <PlusIcon aria-hidden="true" />
        Add choice
      </Button>
      {listError ? (
        <p id={`${controlId(path)}-error`} className="text-sm font-medium text-destructive">
          {listError}
        </p>
      ) : null}
    </fieldset>
  );
}
