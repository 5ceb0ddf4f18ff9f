"use client";

import type { useForm } from "react-hook-form";
import { NativeSelect } from "@/components/settings/native-select";
import { Checkbox } from "@/components/ui/checkbox";
import { FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { CustomFieldDef } from "./custom-values";
import type { FormValues } from "./form-values";

/** The red asterisk of a required field (hidden from screen readers: the label says "required"). */
export function RequiredMark() {
  return (
    <span className="text-destructive" aria-hidden="true">
      {" "}
      *
    </span>
  );
}

/** One custom field of the customer form, rendered by its type. */
export function CustomFieldInput({
  field: def,
  control,
  currency,
}: {
  field: CustomFieldDef;
  control: ReturnType<typeof useForm<FormValues>>["control"];
  currency: string;
}) {
  const name = `customFields.${def.key}` as const;
  const label = (
    <>
      {def.label}
      {def.required ? <RequiredMark /> : null}
      {def.required ? <span className="sr-only"> (required)</span> : null}
    </>
  );
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => {
        const value = field.value;
        if (def.type === "multi_select") {
          const selected = Array.isArray(value) ? value : [];
          return (
            <FormItem className="sm:col-span-2">
              <fieldset className="grid gap-2">
                <legend className="text-sm font-medium">{label}</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-2">
                  {def.options.map((opt) => {
                    const id = `cf-${def.key}-${opt}`;
                    return (
                      <div key={opt} className="flex items-center gap-2">
                        <Checkbox
                          id={id}
                          checked={selected.includes(opt)}
                          onCheckedChange={(c) =>
                            field.onChange(c ? [...selected, opt] : selected.filter((s) => s !== opt))
                          }
                        />
                        <Label htmlFor={id} className="font-normal">
                          {opt}
                        </Label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
              <FormMessage />
            </FormItem>
          );
        }
        const str = typeof value === "string" ? value : "";
        let control: React.ReactNode;
        switch (def.type) {
          case "long_text":
            control = <Textarea {...field} value={str} />;
            break;
          case "boolean":
            control = (
              <NativeSelect {...field} value={str}>
                <option value="">Not set</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </NativeSelect>
            );
            break;
          case "single_select":
            control = (
              <NativeSelect {...field} value={str}>
                <option value="">Choose…</option>
                {def.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </NativeSelect>
            );
            break;
          default: {
            const typeProps: React.ComponentProps<typeof Input> =
              def.type === "number"
                ? { inputMode: "decimal" }
                : def.type === "currency"
                  ? { inputMode: "decimal", placeholder: `Amount in ${currency}` }
                  : def.type === "date"
                    ? { type: "date" }
                    : def.type === "url"
                      ? { type: "url", inputMode: "url", placeholder: "https://" }
                      : def.type === "email"
                        ? { type: "email", inputMode: "email" }
                        : def.type === "phone"
                          ? { type: "tel", inputMode: "tel" }
                          : {};
            control = <Input {...typeProps} {...field} value={str} />;
          }
        }
        return (
          <FormItem className={def.type === "long_text" ? "sm:col-span-2" : undefined}>
            <FormLabel>{label}</FormLabel>
            <FormControl>{control}</FormControl>
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
}
