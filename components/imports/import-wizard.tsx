"use client";

import { useQuery } from "@tanstack/react-query";
import { FileSpreadsheetIcon, TriangleAlertIcon, UploadIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";
import { isUnstartedImport } from "@/server/domain/imports";
import { isUuid } from "@/server/ids";
import { ConfigureSteps } from "./configure-steps";
import { MAX_UPLOAD_BYTES, type UploadResult } from "./fields";

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
