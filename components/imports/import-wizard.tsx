"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileSpreadsheetIcon, TriangleAlertIcon, UploadIcon, XIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type DragEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";
import { isUnstartedImport } from "@/server/domain/imports";
import { isUuid } from "@/server/ids";
import {
  CREATE_CUSTOM,
  fieldLabels,
  IGNORE,
  MAX_UPLOAD_BYTES,
  numberFormat,
  type PreviewRow,
  savedValue,
  type UploadResult,
} from "./fields";

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

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const acceptedName = /\.(csv|xlsx|txt)$/i;

/** Step 1: drag & drop or pick a CSV/XLSX file; uploads it to `/api/imports`. */
function UploadStep({ onUploaded }: { onUploaded: (result: UploadResult, file: File) => void }) {
  const business = useBusiness();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // Until the page is interactive a chosen file would go nowhere: the picker is enabled once hydrated.
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setError(null);
    if (!acceptedName.test(file.name)) {
      setError("Choose a CSV or XLSX file (.csv or .xlsx). Save other spreadsheets as one of these first.");
      return;
    }
    if (file.size === 0) {
      setError("The file is empty.");
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(
        `The file is ${formatBytes(file.size)}; the limit is 100 MB. Split it into smaller files and import them one by one.`,
      );
      return;
    }
    setUploading(file);
    try {
      const form = new FormData();
      form.set("businessId", business.id);
      form.set("file", file);
      const res = await fetch("/api/imports", { method: "POST", body: form });
      const body = (await res.json().catch(() => null)) as (UploadResult & { message?: string }) | null;
      if (!res.ok || !body) {
        setError(body?.message ?? `The upload failed (${res.status}). Try again.`);
        return;
      }
      onUploaded(body, file);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setUploading(null);
      if (inputRef.current) inputRef.current.value = "";
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !uploading) void upload(file);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">1. Upload your file</CardTitle>
        <CardDescription>
          A CSV or Excel (.xlsx) file up to 100 MB with a header row. Columns are matched to customer fields
          automatically; you can correct them next.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone only adds drag & drop; the labelled input and button below are the accessible way */}
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex min-w-0 flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 py-10 text-center",
            dragging ? "border-primary bg-primary/5" : "border-border",
          )}
        >
          {uploading ? (
            <>
              <Spinner label="Uploading" />
              <p className="text-sm break-all">
                Uploading and reading <span className="font-medium">{uploading.name}</span> (
                {formatBytes(uploading.size)})…
              </p>
            </>
          ) : (
            <>
              <FileSpreadsheetIcon className="size-10 text-muted-foreground" aria-hidden="true" />
              <p className="text-sm">Drag your file here, or</p>
              <Label htmlFor={inputId} className="sr-only">
                File
              </Label>
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className="sr-only"
                disabled={!interactive}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void upload(file);
                }}
              />
              <Button type="button" disabled={!interactive} onClick={() => inputRef.current?.click()}>
                <UploadIcon aria-hidden="true" />
                Choose file
              </Button>
              <p className="text-xs text-muted-foreground">.csv or .xlsx, up to 100 MB</p>
            </>
          )}
        </div>
        {error ? (
          <Alert variant="destructive">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>This file cannot be imported</AlertTitle>
            <AlertDescription>{error}</AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

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

function PreviewTable({
  headers,
  targets,
  rows,
}: {
  headers: string[];
  targets: string[];
  rows: PreviewRow[];
}) {
  const business = useBusiness();
  const columns = headers
    .map((header, index) => ({ header, index, target: targets[index] ?? IGNORE }))
    .filter((c) => c.target !== IGNORE);
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">The file has no data rows.</p>;
  return (
    <div className="w-full max-w-full overflow-x-auto overscroll-x-contain rounded-md border">
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b bg-muted/50 text-left">
            <th scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
              Row
            </th>
            {columns.map((c) => (
              <th key={c.index} scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
                {c.header}
                <span className="block text-xs font-normal text-muted-foreground">
                  {c.target.startsWith("custom:") ? c.target.slice(7) : (fieldLabels[c.target] ?? c.target)}
                </span>
              </th>
            ))}
            <th scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
              Result
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const errorsByColumn = new Map(row.errors.map((e) => [e.column, e]));
            const rowErrors = row.errors.filter(
              (e) => e.column < 0 || !columns.some((c) => c.index === e.column),
            );
            return (
              <tr key={row.line} className="border-b last:border-0 align-top">
                <td className="px-2 py-1.5 text-muted-foreground tabular-nums">{row.line}</td>
                {columns.map((c) => {
                  const err = errorsByColumn.get(c.index);
                  if (err)
                    return (
                      <td
                        key={c.index}
                        className="max-w-60 bg-destructive/10 px-2 py-1.5 text-destructive"
                        data-invalid="true"
                        title={err.reason}
                      >
                        <span className="block break-words line-through decoration-destructive/60">
                          {err.value || row.cells[c.index] || "(empty)"}
                        </span>
                        <span className="block text-xs">{err.reason}</span>
                      </td>
                    );
                  return (
                    <td key={c.index} className="max-w-60 px-2 py-1.5 break-words">
                      {row.status === "ok"
                        ? savedValue(row.customer, c.target, business.timeZone, business.country)
                        : (row.cells[c.index] ?? "")}
                    </td>
                  );
                })}
                <td className="px-2 py-1.5 text-xs whitespace-nowrap">
                  {row.status === "error" ? (
                    <span className="text-destructive">
                      Not imported
                      {rowErrors.map((e) => (
                        <span key={`${e.field}-${e.column}`} className="block whitespace-normal">
                          {e.reason}
                        </span>
                      ))}
                    </span>
                  ) : row.status === "skip" ? (
                    <span className="text-muted-foreground">Skipped: {row.skipReason}</span>
                  ) : row.duplicate === "existing" ? (
                    <span className="text-warning-foreground">Matches an existing customer</span>
                  ) : row.duplicate === "file" ? (
                    <span className="text-muted-foreground">Repeats an earlier row</span>
                  ) : (
                    <span className="text-success">New customer</span>
                  )}
                  {row.status === "ok" && row.errors.length > 0 ? (
                    <span className="block whitespace-normal text-warning-foreground">
                      {row.errors.length === 1 ? "1 value" : `${row.errors.length} values`} kept for review
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Steps 2–5: mapping, preview, duplicates and start, for an uploaded (queued) import. */
function ConfigureSteps({
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
            {numberFormat.format(Object.values(mapping).filter((t) => t !== IGNORE).length)} columns will be
            imported.
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Opens the wizard on an upload nobody started (`resumeId`): loads its columns and preview, then shows
 * the steps after the upload. An import that has started goes to its page instead.
 */
function ResumeSteps({ importId, onCancel }: { importId: string; onCancel: () => void }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const input = { businessId: business.id, importId };
  const item = useQuery(trpc.imports.get.queryOptions(input, { retry: false }));
  const unstarted = item.data ? isUnstartedImport(item.data) : false;
  const preview = useQuery(trpc.imports.preview.queryOptions(input, { enabled: unstarted, retry: false }));
  const started = item.data && !unstarted;
  useEffect(() => {
    if (started) router.replace(`/b/${business.slug}/customers/import/${importId}`);
  }, [started, router, business.slug, importId]);

  const error = item.error ?? preview.error;
  if (error)
    return (
      <Alert variant="destructive">
        <TriangleAlertIcon aria-hidden="true" />
        <AlertTitle>This upload cannot be continued</AlertTitle>
        <AlertDescription>
          {messageOf(error)}
          <Button type="button" variant="outline" size="sm" className="mt-2 w-fit" onClick={onCancel}>
            Upload a file
          </Button>
        </AlertDescription>
      </Alert>
    );
  if (!item.data || !preview.data)
    return (
      <Card>
        <CardContent className="flex items-center gap-3">
          <Spinner label="Loading the upload" />
          <span className="text-sm text-muted-foreground">Reading the uploaded file…</span>
        </CardContent>
      </Card>
    );
  const p = preview.data;
  return (
    <ConfigureSteps
      upload={{ id: importId, headers: p.headers, mapping: p.mapping, unmapped: p.unmapped, preview: p }}
      fileName={item.data.fileName}
      initial={{ onDuplicate: item.data.onDuplicate, strict: item.data.strict }}
      onCancel={onCancel}
    />
  );
}

/**
 * The import wizard: upload → map columns → preview → duplicates → start (then the import page). With
 * `?resume=<importId>` in the address it opens on that uploaded import, past the upload step.
 */
export function ImportWizard() {
  const router = useRouter();
  const pathname = usePathname();
  const resume = useSearchParams().get("resume");
  const resumeId = isUuid(resume) ? resume : null;
  const [upload, setUpload] = useState<{ result: UploadResult; fileName: string } | null>(null);
  if (resumeId)
    return <ResumeSteps key={resumeId} importId={resumeId} onCancel={() => router.replace(pathname)} />;
  if (!upload)
    return <UploadStep onUploaded={(result, file) => setUpload({ result, fileName: file.name })} />;
  return (
    <ConfigureSteps
      key={upload.result.id}
      upload={upload.result}
      fileName={upload.fileName}
      onCancel={() => setUpload(null)}
    />
  );
}
