"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpIcon, ListPlusIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useEffect, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardAction } from "@/components/settings/settings-card-action";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import {
  CUSTOM_FIELDS_MAX,
  type CustomFieldType,
  createCustomFieldInput,
  customFieldTypeLabels,
  customFieldTypeSchema,
  isSelectType,
  updateCustomFieldInput,
} from "@/server/domain/custom-fields";

interface Field {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

/** The id of a custom field's move button (focus returns to it after a move). */
function moveButtonId(fieldId: string, direction: "up" | "down"): string {
  return `custom-field-${fieldId}-${direction}`;
}

/**
 * The business's custom fields: add, rename, change options or required, reorder (up/down buttons, so
 * it works by keyboard and on phones), delete. Values show on every customer's form and page.
 */
export function CustomFieldsSettings() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const fields = (fieldsQuery.data ?? []) as Field[];
  const [editing, setEditing] = useState<Field | "new" | null>(null);
  const [deleting, setDeleting] = useState<Field | null>(null);
  const listKey = trpc.customFields.list.queryKey({ businessId: business.id });

  const reorder = useMutation(
    trpc.customFields.reorder.mutationOptions({
      onMutate: async ({ customFieldIds }) => {
        await queryClient.cancelQueries({ queryKey: listKey });
        const before = queryClient.getQueryData(listKey);
        if (before) {
          const byId = new Map(before.map((f) => [f.id, f]));
          queryClient.setQueryData(
            listKey,
            customFieldIds.map((id) => byId.get(id)).filter((f): f is NonNullable<typeof f> => Boolean(f)),
          );
        }
        return { before };
      },
      onError: (e, _v, ctx) => {
        if (ctx?.before) queryClient.setQueryData(listKey, ctx.before);
        toast.error(messageOf(e));
      },
      // After the last of several quick moves only, so an earlier answer does not undo a later move.
      onSettled: () =>
        queryClient.isMutating({ mutationKey: trpc.customFields.reorder.mutationKey() }) <= 1
          ? queryClient.invalidateQueries({ queryKey: trpc.customFields.list.pathKey() })
          : undefined,
      // Quick moves are sent one after another, in order (each sends the whole order).
      scope: { id: `custom-fields-reorder-${business.id}` },
    }),
  );
  const remove = useMutation(
    trpc.customFields.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`“${deleting?.label}” deleted`);
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.customFields.list.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  // The button that keeps focus after a move: the same one of the moved field, or its pair at an end.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  function move(index: number, delta: -1 | 1) {
    const ids = fields.map((f) => f.id);
    const to = index + delta;
    if (to < 0 || to >= ids.length) return;
    const id = ids[index] as string;
    [ids[index], ids[to]] = [ids[to] as string, ids[index] as string];
    const atEnd = to === 0 || to === ids.length - 1;
    const target = moveButtonId(id, atEnd ? (delta === -1 ? "down" : "up") : delta === -1 ? "up" : "down");
    // Focus goes there before the update too: a focused button that becomes disabled is blurred.
    document.getElementById(target)?.focus();
    setFocusId(target);
    reorder.mutate({ businessId: business.id, customFieldIds: ids });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Custom fields</CardTitle>
        <CardDescription className="col-start-1">
          Extra details you keep about customers, like a membership number or a preferred branch. They show on
          every customer's form and page, and can be filtered on in the list.
        </CardDescription>
        <SettingsCardAction>
          <Button onClick={() => setEditing("new")} disabled={fields.length >= CUSTOM_FIELDS_MAX}>
            <PlusIcon aria-hidden="true" />
            Add field
          </Button>
        </SettingsCardAction>
      </CardHeader>
      <CardContent>
        {fieldsQuery.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading custom fields
            </span>
            <ListSkeleton rows={3} />
          </div>
        ) : fieldsQuery.isError ? (
          <QueryError
            error={fieldsQuery.error}
            title="Custom fields could not load"
            onRetry={() => fieldsQuery.refetch()}
          />
        ) : fields.length === 0 ? (
          <EmptyState
            titleAs="h3"
            icon={<ListPlusIcon />}
            title="No custom fields yet"
            description="Add a field for anything your business tracks that Mini CRM does not have by default."
            action={
              <Button onClick={() => setEditing("new")}>
                <PlusIcon aria-hidden="true" />
                Add field
              </Button>
            }
          />
        ) : (
          <ol className="grid divide-y" aria-label="Custom fields in display order">
            {fields.map((f, i) => (
              <li key={f.id} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-2 py-3">
                <div className="grid min-w-0 flex-1 basis-48 gap-1">
                  <p className="flex min-w-0 flex-wrap items-center gap-2 font-medium">
                    <span className="truncate">{f.label}</span>
                    {f.required ? <Badge variant="outline">Required</Badge> : null}
                  </p>
                  <p className="truncate text-sm text-muted-foreground">
                    {customFieldTypeLabels[f.type]}
                    {isSelectType(f.type) && f.options.length ? ` · ${f.options.join(", ")}` : ""}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-1">
                  <Button
                    id={moveButtonId(f.id, "up")}
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${f.label} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    <ArrowUpIcon aria-hidden="true" />
                  </Button>
                  <Button
                    id={moveButtonId(f.id, "down")}
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${f.label} down`}
                    disabled={i === fields.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <ArrowDownIcon aria-hidden="true" />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Edit ${f.label}`}
                    onClick={() => setEditing(f)}
                  >
                    <PencilIcon aria-hidden="true" />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Delete ${f.label}`}
                    className="text-destructive hover:text-destructive"
                    onClick={() => setDeleting(f)}
                  >
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </CardContent>

      {editing ? (
        <FieldDialog
          key={editing === "new" ? "new" : editing.id}
          field={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}

      <AlertDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete “{deleting?.label}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Its value is removed from every customer. This cannot be undone.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (deleting) remove.mutate({ businessId: business.id, customFieldId: deleting.id });
              }}
            >
              Delete field
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}

/** Create (field null) or edit a field. The type is chosen once; options are one per line. */
function FieldDialog({ field, onClose }: { field: Field | null; onClose: () => void }) {
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
