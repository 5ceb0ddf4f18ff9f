"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TriangleAlertIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { formatCount } from "@/server/domain/format";
import { CREATE_CUSTOM, fieldLabels, IGNORE, type UploadResult } from "./fields";
import { PreviewTable } from "./preview-table";

/**
 * Steps 2–5 of the import wizard (match the columns, check the preview, choose what happens to customers
 * already here, start) for an uploaded import, fresh or continued.
 */

type DuplicatePolicy = "skip" | "fill" | "overwrite";

const duplicateChoices: { value: DuplicatePolicy; label: string; description: string }[] = [
  {
    value: "skip",
    label: "Skip",
    description: "Leave customers who are already here (same phone or email) as they are.",
  },
  {
    value: "fill",
    label: "Fill empty fields",
    description: "Add what the file knows to fields that are empty on the existing customer.",
  },
  {
    value: "overwrite",
    label: "Overwrite",
    description: "Replace the existing customer's fields with the file's non-empty cells.",
  },
];

/** Column index → target, from the server's header-keyed mapping (first column with a header wins). */
function initialTargets(headers: string[], mapping: Record<string, string>): string[] {
  const seen = new Set<string>();
  return headers.map((h) => {
    if (seen.has(h)) return IGNORE;
    seen.add(h);
    return mapping[h] ?? IGNORE;
  });
}

function toHeaderMapping(headers: string[], targets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((h, i) => {
    if (h !== "" && !(h in out)) out[h] = targets[i] ?? IGNORE;
  });
  return out;
}

function withoutIgnored(mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([, t]) => t !== IGNORE));
}

function sameMapping(a: Record<string, string>, b: Record<string, string>): boolean {
  const x = withoutIgnored(a);
  const y = withoutIgnored(b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** Steps 2–5: mapping, preview, duplicates and start, for an uploaded (queued) import. */
export function ConfigureSteps({
  upload,
  fileName,
  initial,
  onCancel,
}: {
  upload: UploadResult;
  fileName: string;
  /** The import's saved choices, when continuing an earlier upload. */
  initial?: { onDuplicate: DuplicatePolicy; strict: boolean };
  onCancel: () => void;
}) {
  const business = useBusiness();
  const canManageFields = useCan("customFields.manage");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [targets, setTargets] = useState(() => initialTargets(upload.headers, upload.mapping));
  const [onDuplicate, setOnDuplicate] = useState<DuplicatePolicy>(initial?.onDuplicate ?? "skip");
  const [strict, setStrict] = useState(initial?.strict ?? false);
  const [creating, setCreating] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const radioName = useId();

  const mapping = useMemo(() => toHeaderMapping(upload.headers, targets), [upload.headers, targets]);
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const previewQuery = useQuery(
    trpc.imports.preview.queryOptions(
      { businessId: business.id, importId: upload.id, mapping },
      { placeholderData: keepPreviousData, retry: false },
    ),
  );
  const preview = previewQuery.data ?? (previewQuery.isError ? null : upload.preview);

  const createField = useMutation(trpc.customFields.create.mutationOptions());
  const configure = useMutation(trpc.imports.configure.mutationOptions());
  const start = useMutation(
    trpc.imports.start.mutationOptions({
      onError: (error) => toast.error(`The import could not start: ${messageOf(error)}`),
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.imports.list.queryKey({ businessId: business.id }) }),
    }),
  );

  const suggestedTypes = useMemo(
    () => new Map(upload.unmapped.map((u) => [u.column, u.suggestedType])),
    [upload.unmapped],
  );

  async function setTarget(index: number, value: string) {
    if (value !== CREATE_CUSTOM) {
      setTargets((t) => t.map((x, i) => (i === index ? value : x)));
      return;
    }
    const header = upload.headers[index] || `Column ${index + 1}`;
    setCreating(index);
    try {
      const field = await createField.mutateAsync({
        businessId: business.id,
        label: header.slice(0, 100),
        type: suggestedTypes.get(index) ?? "text",
      });
      await queryClient.invalidateQueries({ queryKey: trpc.customFields.list.queryKey() });
      setTargets((t) => t.map((x, i) => (i === index ? `custom:${field.key}` : x)));
      toast.success(`Created the custom field "${field.label}" (${field.type.replace("_", " ")}).`);
    } catch (e) {
      toast.error(messageOf(e));
    } finally {
      setCreating(null);
    }
  }

  async function startImport() {
    setStarting(true);
    try {
      // Send the mapping only when the user changed it (unmapped and ignored columns are the same thing).
      await configure.mutateAsync({
        businessId: business.id,
        importId: upload.id,
        mapping: sameMapping(mapping, upload.mapping) ? undefined : mapping,
        onDuplicate,
        strict,
      });
      // Small files import within this request, large ones in the background: either way the import
      // page follows the counters stored on the import, so go there now and watch.
      start.mutate({ businessId: business.id, importId: upload.id });
      router.push(`/b/${business.slug}/customers/import/${upload.id}`);
    } catch (e) {
      toast.error(messageOf(e));
      setStarting(false);
    }
  }

  const fuzzyByColumn = new Map((upload.fuzzy ?? []).map((f) => [f.column, f]));
  const usedTargets = new Map<string, number>();
  targets.forEach((t, i) => {
    if (t !== IGNORE && !usedTargets.has(t)) usedTargets.set(t, i);
  });
  const customFields = fieldsQuery.data ?? [];
  const previewRows = preview?.rows ?? [];
  const invalidRows = previewRows.filter((r) => r.status === "error").length;

  return (
    <div className="grid min-w-0 gap-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">2. Match the columns</CardTitle>
          <CardDescription>
            <span className="break-all font-medium text-foreground">{fileName}</span>: choose where each
            column goes. Columns set to Ignore are not imported.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-3">
            {upload.headers.map((header, index) => {
              const target = targets[index] ?? IGNORE;
              const sample = upload.preview.rows.find((r) => r.cells[index]?.trim())?.cells[index];
              const id = `map-${upload.id}-${index}`;
              const duplicateOf = target !== IGNORE ? usedTargets.get(target) : undefined;
              return (
                <li
                  key={index}
                  className="grid min-w-0 gap-1.5 sm:grid-cols-[minmax(0,1fr)_minmax(0,16rem)] sm:items-center sm:gap-4"
                >
                  <div className="min-w-0">
                    <Label htmlFor={id} className="break-words">
                      {header || `Column ${index + 1}`}
                    </Label>
                    {sample ? <p className="truncate text-xs text-muted-foreground">e.g. {sample}</p> : null}
                    {fuzzyByColumn.has(index) && target === fuzzyByColumn.get(index)?.field ? (
                      <p className="text-xs text-warning-foreground">
                        Matched by a close spelling: check that this is {fieldLabels[target] ?? target}.
                      </p>
                    ) : null}
                    {duplicateOf !== undefined && duplicateOf !== index ? (
                      target === "phone" ? (
                        <p className="text-xs text-muted-foreground">
                          Several phone columns: the first valid number becomes the phone, the others go to
                          the notes.
                        </p>
                      ) : (
                        <p className="text-xs text-destructive">
                          Another column already goes to this field; only the first one is used.
                        </p>
                      )
                    ) : null}
                  </div>
                  <NativeSelect
                    id={id}
                    value={target}
                    disabled={creating !== null || starting}
                    onChange={(e) => void setTarget(index, e.target.value)}
                  >
                    <option value={IGNORE}>Ignore</option>
                    <optgroup label="Customer fields">
                      {Object.entries(fieldLabels).map(([value, label]) => (
                        <option key={value} value={value}>
                          {label}
                        </option>
                      ))}
                    </optgroup>
                    {customFields.length > 0 ? (
                      <optgroup label="Custom fields">
                        {customFields.map((f) => (
                          <option key={f.id} value={`custom:${f.key}`}>
                            {f.label}
                          </option>
                        ))}
                      </optgroup>
                    ) : null}
                    {canManageFields ? (
                      <option value={CREATE_CUSTOM}>Create a custom field from this column</option>
                    ) : null}
                  </NativeSelect>
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">3. Check the preview</CardTitle>
          <CardDescription>
            The first {previewRows.length} rows as they will be saved. Invalid cells are marked in red with
            the reason; those rows go to the error file and the rest are imported.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid min-w-0 gap-3">
          {previewQuery.isError ? (
            <Alert variant="destructive">
              <TriangleAlertIcon aria-hidden="true" />
              <AlertTitle>Fix the column mapping</AlertTitle>
              <AlertDescription>{messageOf(previewQuery.error)}</AlertDescription>
            </Alert>
          ) : null}
          {preview ? (
            <>
              {invalidRows > 0 ? (
                <p className="text-sm text-destructive">
                  {invalidRows} of the first {previewRows.length} rows have invalid cells.
                </p>
              ) : null}
              <div className={cn("min-w-0", previewQuery.isFetching && "opacity-60")}>
                <PreviewTable headers={upload.headers} targets={targets} rows={previewRows} />
              </div>
            </>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2" id={`${radioName}-title`}>
            4. Customers already here
          </CardTitle>
          <CardDescription>
            A row matches an existing customer when the phone or email is the same.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div role="radiogroup" aria-labelledby={`${radioName}-title`} className="grid gap-3">
            {duplicateChoices.map((c) => {
              const id = `${radioName}-${c.value}`;
              return (
                <div key={c.value} className="flex items-start gap-3">
                  <input
                    type="radio"
                    id={id}
                    name={radioName}
                    value={c.value}
                    checked={onDuplicate === c.value}
                    onChange={() => setOnDuplicate(c.value)}
                    className="mt-1 size-4 accent-primary"
                    aria-describedby={`${id}-desc`}
                  />
                  <div className="grid gap-0.5">
                    <label htmlFor={id} className="text-sm font-medium">
                      {c.label}
                    </label>
                    <p id={`${id}-desc`} className="text-xs text-muted-foreground">
                      {c.description}
                    </p>
                  </div>
                </div>
              );
            })}
          </div>
          <div className="mt-4 flex items-start gap-3 border-t pt-4">
            <input
              type="checkbox"
              id={`${radioName}-strict`}
              checked={strict}
              onChange={(e) => setStrict(e.target.checked)}
              className="mt-1 size-4 accent-primary"
              aria-describedby={`${radioName}-strict-desc`}
            />
            <div className="grid gap-0.5">
              <label htmlFor={`${radioName}-strict`} className="text-sm font-medium">
                Strict: refuse rows with any invalid value
              </label>
              <p id={`${radioName}-strict-desc`} className="text-xs text-muted-foreground">
                By default a customer is imported with the values that are valid, and a value that is not (a
                phone number that does not exist, a date that cannot be read) is kept on the customer for
                review.
              </p>
            </div>
          </div>
        </CardContent>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" onClick={() => void startImport()} disabled={starting || previewQuery.isError}>
          {starting ? <Spinner label="Starting" /> : null}
          Start import
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel} disabled={starting}>
          <XIcon aria-hidden="true" />
          Choose another file
        </Button>
        {preview && !previewQuery.isError ? (
          <p className="text-sm text-muted-foreground">
            {formatCount(Object.values(mapping).filter((t) => t !== IGNORE).length)} columns will be imported.
          </p>
        ) : null}
      </div>
    </div>
  );
}
