"use client";

import { NativeSelect } from "@/components/settings/native-select";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { LEAD_FORM_LIMITS, type LeadFormLanguage, type LeadFormSettings } from "@/server/domain/lead-forms";
import { controlId } from "./builder-state";
import { controlProps, Labelled } from "./labelled";
import { intOf, type SettingsSectionProps, serr, sp } from "./settings-controls";

const languageNames: Record<LeadFormLanguage, string> = {
  en: "English",
  hi: "हिन्दी (Hindi)",
  fa: "فارسی (Persian)",
  ar: "العربية (Arabic)",
  es: "Español (Spanish)",
};

/** Title, description, button text and the language of the built-in texts. */
export function TextsSettings({ settings, onChange, errors }: SettingsSectionProps) {
  const set = (patch: Partial<LeadFormSettings>) => onChange({ ...settings, ...patch });
  return (
    <div className="grid gap-4">
      <Labelled path={sp("title")} label="Title" error={serr(errors, "title")}>
        <Input
          {...controlProps(sp("title"), serr(errors, "title"))}
          value={settings.title}
          maxLength={LEAD_FORM_LIMITS.title}
          onChange={(e) => set({ title: e.target.value })}
        />
      </Labelled>
      <Labelled path={sp("description")} label="Description" error={serr(errors, "description")}>
        <Textarea
          {...controlProps(sp("description"), serr(errors, "description"))}
          rows={3}
          value={settings.description ?? ""}
          maxLength={LEAD_FORM_LIMITS.description}
          onChange={(e) => set({ description: e.target.value || undefined })}
        />
      </Labelled>
      <Labelled
        path={sp("submitLabel")}
        label="Button text"
        hint="Leave empty for “Send” in the form's language."
        error={serr(errors, "submitLabel")}
      >
        <Input
          {...controlProps(sp("submitLabel"), serr(errors, "submitLabel"), true)}
          value={settings.submitLabel ?? ""}
          maxLength={60}
          onChange={(e) => set({ submitLabel: e.target.value || undefined })}
        />
      </Labelled>
      <Labelled
        path={sp("language")}
        label="Language of the built-in texts"
        hint="Buttons and error messages visitors see; Persian and Arabic read right to left."
        error={serr(errors, "language")}
      >
        <NativeSelect
          {...controlProps(sp("language"), serr(errors, "language"), true)}
          value={settings.language}
          onChange={(e) => set({ language: e.target.value as LeadFormLanguage })}
        >
          {(Object.keys(languageNames) as LeadFormLanguage[]).map((l) => (
            <option key={l} value={l}>
              {languageNames[l]}
            </option>
          ))}
        </NativeSelect>
      </Labelled>
    </div>
  );
}

/** After sending: a thank-you message on the page, or a redirect to the business's own page. */
export function SuccessSettings({ settings, onChange, errors }: SettingsSectionProps) {
  const success = settings.success;
  const radio = (type: "message" | "redirect", label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="radio"
        name="lf-success-type"
        value={type}
        checked={success.type === type}
        className="size-4 accent-primary"
        onChange={() =>
          onChange({
            ...settings,
            success: type === "message" ? { type, message: "" } : { type, url: "" },
          })
        }
      />
      {label}
    </label>
  );
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">After sending</legend>
        {radio("message", "Show a thank-you message")}
        {radio("redirect", "Go to a page of your website")}
      </fieldset>
      {success.type === "message" ? (
        <Labelled
          path={sp("success.message")}
          label="Thank-you message"
          hint="Leave empty for “Thank you! We received your details.” in the form's language."
          error={serr(errors, "success")}
        >
          <Textarea
            {...controlProps(sp("success.message"), serr(errors, "success"), true)}
            rows={3}
            value={success.message}
            maxLength={LEAD_FORM_LIMITS.successMessage}
            onChange={(e) => onChange({ ...settings, success: { type: "message", message: e.target.value } })}
          />
        </Labelled>
      ) : (
        <Labelled path={sp("success.url")} label="Page address" error={serr(errors, "success")}>
          <Input
            {...controlProps(sp("success.url"), serr(errors, "success"))}
            type="url"
            inputMode="url"
            placeholder="https://example.com/thank-you"
            value={success.url}
            onChange={(e) => onChange({ ...settings, success: { type: "redirect", url: e.target.value } })}
          />
        </Labelled>
      )}
    </div>
  );
}

type Theme = LeadFormSettings["theme"];

/** Colours, font, corner radius and light / dark / follow the visitor's device. */
export function LookSettings({ settings, onChange, errors }: SettingsSectionProps) {
  const theme = settings.theme;
  const set = (patch: Partial<Theme>) => onChange({ ...settings, theme: { ...theme, ...patch } });
  const colour = (key: "primaryColor" | "backgroundColor" | "textColor", label: string) => {
    const path = sp(`theme.${key}`);
    const error = serr(errors, `theme.${key}`);
    return (
      <Labelled path={path} label={label} error={error}>
        <div className="flex items-center gap-2">
          <input
            type="color"
            aria-label={`${label}: picker`}
            value={/^#[0-9a-f]{6}$/i.test(theme[key]) ? theme[key] : "#000000"}
            onChange={(e) => set({ [key]: e.target.value })}
            className="h-9 w-12 shrink-0 cursor-pointer rounded-md border bg-transparent p-1"
          />
          <Input
            {...controlProps(path, error)}
            value={theme[key]}
            maxLength={7}
            spellCheck={false}
            className="font-mono"
            onChange={(e) => set({ [key]: e.target.value })}
          />
        </div>
      </Labelled>
    );
  };
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {colour("primaryColor", "Button colour")}
      {colour("backgroundColor", "Background")}
      {colour("textColor", "Text colour")}
      <Labelled path={sp("theme.font")} label="Font" error={serr(errors, "theme.font")}>
        <NativeSelect
          {...controlProps(sp("theme.font"), serr(errors, "theme.font"))}
          value={theme.font}
          onChange={(e) => set({ font: e.target.value as Theme["font"] })}
        >
          <option value="system">The device's own</option>
          <option value="serif">Serif</option>
          <option value="rounded">Rounded</option>
          <option value="mono">Monospace</option>
        </NativeSelect>
      </Labelled>
      <Labelled path={sp("theme.radius")} label="Corner radius (px)" error={serr(errors, "theme.radius")}>
        <Input
          {...controlProps(sp("theme.radius"), serr(errors, "theme.radius"))}
          type="number"
          inputMode="numeric"
          min={0}
          max={24}
          value={theme.radius}
          onChange={(e) => set({ radius: intOf(e.target.value) ?? 0 })}
        />
      </Labelled>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Light or dark</legend>
        {(
          [
            ["auto", "Follow the visitor's device"],
            ["light", "Always light"],
            ["dark", "Always dark"],
          ] as const
        ).map(([mode, label]) => (
          <Label key={mode} htmlFor={controlId(sp(`theme.mode.${mode}`))} className="font-normal">
            <input
              id={controlId(sp(`theme.mode.${mode}`))}
              type="radio"
              name="lf-theme-mode"
              checked={theme.mode === mode}
              className="size-4 accent-primary"
              onChange={() => set({ mode })}
            />
            {label}
          </Label>
        ))}
      </fieldset>
    </div>
  );
}
