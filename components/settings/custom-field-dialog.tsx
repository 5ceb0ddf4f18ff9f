"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import {
  type CustomFieldType,
  createCustomFieldInput,
  customFieldTypeLabels,
  customFieldTypeSchema,
  isSelectType,
  updateCustomFieldInput,
} from "@/server/domain/custom-fields";

/** A custom field as the settings list and this dialog show it. */
export interface Field {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

/** Create (field null) or edit a field. The type is chosen once; options are one per line. */
export function FieldDialog({ field, onClose }: { field: Field | null; onClose: () => void }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(field?.label ?? "");
  const [type, setType] = useState<CustomFieldType>(field?.type ?? "text");
  const [optionsText, setOptionsText] = useState((field?.options ?? []).join("\n"));
  const [required, setRequired] = useState(field?.required ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const options = optionsText
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);
  const onSuccess = (saved: { label: string }) => {
    toast.success(field ? `“${saved.label}” saved` : `“${saved.label}” added`);
    void queryClient.invalidateQueries({ queryKey: trpc.customFields.list.pathKey() });
    onClose();
  };
  const onError = (e: unknown) => {
    const fe = fieldErrorsOf(e);
    const mapped = Object.fromEntries(Object.entries(fe).map(([k, v]) => [k.split(".")[0] as string, v]));
    if (Object.keys(mapped).length) setErrors(mapped);
    else toast.error(messageOf(e));
  };
  const create = useMutation(trpc.customFields.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.customFields.update.mutationOptions({ onSuccess, onError }));

  function submit() {
    const selectType = isSelectType(type);
    const payload = { label, ...(selectType ? { options } : {}), required };
    const parsed = field
      ? updateCustomFieldInput.safeParse({ customFieldId: field.id, ...payload })
      : createCustomFieldInput.safeParse({ ...payload, type });
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          parsed.error.issues.map((i) => [String(i.path[0] ?? "label"), i.message]).reverse(),
        ),
      );
      return;
    }
    setErrors({});
    if (field) update.mutate({ businessId: business.id, customFieldId: field.id, ...payload });
    else create.mutate({ businessId: business.id, type, ...payload });
  }

  const errorText = (name: string) =>
    errors[name] ? (
      <p id={`cf-${name}-error`} className="text-sm font-medium text-destructive">
        {errors[name]}
      </p>
    ) : null;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <DialogHeader>
            <DialogTitle>{field ? `Edit “${field.label}”` : "Add a custom field"}</DialogTitle>
            <DialogDescription>
              {field
                ? "The type cannot change once customers may have values in it."
                : "Choose what kind of value it holds; this cannot change later."}
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="cf-label">Name</Label>
            <Input
              id="cf-label"
              value={label}
              maxLength={60}
              onChange={(e) => setLabel(e.target.value)}
              aria-invalid={!!errors.label}
              aria-describedby={errors.label ? "cf-label-error" : undefined}
              placeholder="Membership number"
            />
            {errorText("label")}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="cf-type">Type</Label>
            <NativeSelect
              id="cf-type"
              value={type}
              disabled={!!field}
              onChange={(e) => setType(e.target.value as CustomFieldType)}
            >
              {customFieldTypeSchema.options.map((t) => (
                <option key={t} value={t}>
                  {customFieldTypeLabels[t]}
                </option>
              ))}
            </NativeSelect>
          </div>
          {isSelectType(type) ? (
            <div className="grid gap-2">
              <Label htmlFor="cf-options">Options, one per line</Label>
              <Textarea
                id="cf-options"
                value={optionsText}
                rows={5}
                onChange={(e) => setOptionsText(e.target.value)}
                aria-invalid={!!errors.options}
                aria-describedby={errors.options ? "cf-options-error" : undefined}
                placeholder={"Gold\nSilver\nBronze"}
              />
              {errorText("options")}
            </div>
          ) : null}
          <div className="flex items-center gap-2">
            <Checkbox id="cf-required" checked={required} onCheckedChange={(c) => setRequired(c === true)} />
            <Label htmlFor="cf-required" className="font-normal">
              Required: a customer cannot be saved without it
            </Label>
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {field ? "Save field" : "Add field"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
