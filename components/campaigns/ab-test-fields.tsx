"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  AB_MAX_VARIANTS,
  AB_MIN_VARIANTS,
  type AbMetric,
  type AbTestState,
  abTestExplanation,
  addAbVariant,
  removeAbVariant,
  updateAbVariant,
} from "./ab-test-state";
import type { ContentOptions } from "./content-fields";
import { FormField, fieldId } from "./form-field";

const letter = (i: number) => String.fromCharCode(65 + i);

/**
 * The campaign form's optional A/B test: a checkbox "Test variants first"; then 2–4 variants, each a
 * subject line (email channels) and/or a template (email templates for email campaigns, approved
 * WhatsApp templates otherwise), the test share, the winning metric and the wait. Errors come keyed as
 * `variant-<i>-subject`, `variant-<i>-templateId`, `testPercent`, `waitHours`, `abTest`.
 */
export function AbTestFields({
  value,
  onChange,
  isEmail,
  options,
  errors,
}: {
  value: AbTestState;
  onChange: (next: AbTestState) => void;
  isEmail: boolean;
  options: ContentOptions | undefined;
  errors: Record<string, string>;
}) {
  const templates = isEmail
    ? (options?.email ?? []).map((t) => ({ id: t.id, name: t.name, disabled: false }))
    : (options?.whatsapp ?? []).map((t) => ({
        id: t.id,
        name: `${t.name} (${t.language})`,
        disabled: (t.status ?? "").toUpperCase() !== "APPROVED",
      }));
  const metrics: { value: AbMetric; label: string }[] = [
    { value: isEmail ? "open" : "read", label: isEmail ? "Most opened" : "Most read" },
    { value: "click", label: "Most clicked" },
  ];
  return (
    <div className="grid min-w-0 gap-4">
      <div className="flex items-start gap-3">
        <input
          id={fieldId("abTest")}
          type="checkbox"
          className="mt-1 size-4 accent-primary"
          checked={value.enabled}
          onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
          aria-describedby={`${fieldId("abTest")}-hint`}
        />
        <div className="grid gap-1">
          <Label htmlFor={fieldId("abTest")}>Test variants first (A/B test)</Label>
          <p id={`${fieldId("abTest")}-hint`} className="text-sm text-muted-foreground">
            {value.enabled
              ? abTestExplanation(value.testPercent, value.waitHours)
              : "Send 2 to 4 versions to part of the audience, then the best one to everyone else."}
          </p>
          {errors.abTest ? (
            <p className="text-sm text-destructive" role="alert">
              {errors.abTest}
            </p>
          ) : null}
        </div>
      </div>
      {value.enabled ? (
        <div className="grid min-w-0 gap-4 rounded-lg border p-3 sm:p-4">
          <ol className="grid min-w-0 gap-4" aria-label="Variants">
            {value.variants.map((v, i) => (
              <li key={i} className="grid min-w-0 gap-3 border-b pb-4 last:border-b-0 last:pb-0">
                <div className="flex items-center justify-between gap-2">
                  <h4 className="text-sm font-medium">Variant {letter(i)}</h4>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    disabled={value.variants.length <= AB_MIN_VARIANTS}
                    onClick={() => onChange(removeAbVariant(value, i))}
                    aria-label={`Remove variant ${letter(i)}`}
                  >
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
                {isEmail ? (
                  <FormField
                    field={`variant-${i}-subject`}
                    label={`Subject of variant ${letter(i)}`}
                    error={errors[`variant-${i}-subject`]}
                  >
                    <Input
                      id={fieldId(`variant-${i}-subject`)}
                      value={v.subject}
                      maxLength={200}
                      onChange={(e) => onChange(updateAbVariant(value, i, { subject: e.target.value }))}
                      aria-invalid={!!errors[`variant-${i}-subject`]}
                    />
                  </FormField>
                ) : null}
                <FormField
                  field={`variant-${i}-templateId`}
                  label={`Template of variant ${letter(i)}${isEmail ? " (optional)" : ""}`}
                  error={errors[`variant-${i}-templateId`]}
                >
                  <NativeSelect
                    id={fieldId(`variant-${i}-templateId`)}
                    value={v.templateId}
                    onChange={(e) => onChange(updateAbVariant(value, i, { templateId: e.target.value }))}
                    aria-invalid={!!errors[`variant-${i}-templateId`]}
                  >
                    <option value="">{isEmail ? "The campaign's email" : "Pick a template"}</option>
                    {templates.map((t) => (
                      <option key={t.id} value={t.id} disabled={t.disabled}>
                        {t.disabled ? `${t.name} — not approved` : t.name}
                      </option>
                    ))}
                  </NativeSelect>
                </FormField>
              </li>
            ))}
          </ol>
          {value.variants.length < AB_MAX_VARIANTS ? (
            <Button
              type="button"
              variant="outline"
              className="justify-self-start"
              onClick={() => onChange(addAbVariant(value))}
            >
              <PlusIcon aria-hidden="true" />
              Add variant {letter(value.variants.length)}
            </Button>
          ) : null}
          <div className="grid min-w-0 gap-4 sm:grid-cols-3">
            <FormField field="testPercent" label="Test share (%)" error={errors.testPercent}>
              <Input
                id={fieldId("testPercent")}
                type="number"
                inputMode="numeric"
                min={5}
                max={50}
                value={value.testPercent}
                onChange={(e) =>
                  onChange({ ...value, testPercent: clamp(e.target.valueAsNumber, 5, 50, 20) })
                }
              />
            </FormField>
            <FormField field="metric" label="The winner is">
              <NativeSelect
                id={fieldId("metric")}
                value={value.metric === "click" ? "click" : metrics[0]!.value}
                onChange={(e) => onChange({ ...value, metric: e.target.value as AbMetric })}
              >
                {metrics.map((m) => (
                  <option key={m.value} value={m.value}>
                    {m.label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField field="waitHours" label="Wait (hours)" error={errors.waitHours}>
              <Input
                id={fieldId("waitHours")}
                type="number"
                inputMode="numeric"
                min={1}
                max={72}
                value={value.waitHours}
                onChange={(e) => onChange({ ...value, waitHours: clamp(e.target.valueAsNumber, 1, 72, 4) })}
              />
            </FormField>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function clamp(n: number, min: number, max: number, fallback: number): number {
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}
