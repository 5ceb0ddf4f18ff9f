"use client";

import { UploadIcon } from "lucide-react";
import { type ReactNode, useId, useRef, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Progress } from "@/components/ui/progress";
import { useSheetUpload } from "./use-sheet-upload";

/**
 * The upload form of a one-shot sheet import (purchases, products): a CSV or Excel file, what to do with
 * a record imported before (skip or update), the upload's progress, the server's error; `onResult` gets
 * the answer. Posts `businessId`, `onDuplicate` and `file` to `url`.
 */
export function SheetUploadForm<T>({
  url,
  label,
  intro,
  duplicateLabel,
  duplicateOptions,
  onResult,
}: {
  url: string;
  /** The form's accessible name, e.g. "Import purchases". */
  label: string;
  intro: ReactNode;
  /** e.g. "An order imported before". */
  duplicateLabel: string;
  /** The words for skip and for update. */
  duplicateOptions: [string, string];
  onResult: (result: T) => void;
}) {
  const business = useBusiness();
  const ids = { file: useId(), policy: useId() };
  const fileRef = useRef<HTMLInputElement>(null);
  const [policy, setPolicy] = useState<"skip" | "update">("skip");
  const { busy, progress, error, setError, upload } = useSheetUpload<T>(url, onResult);
  return (
    <form
      className="grid gap-4"
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const file = fileRef.current?.files?.[0];
        if (!file) return setError("Choose a CSV or Excel file.");
        const form = new FormData();
        form.set("businessId", business.id);
        form.set("onDuplicate", policy);
        form.set("file", file);
        upload(form);
      }}
    >
      <div className="text-sm text-muted-foreground">{intro}</div>
      <div className="grid gap-1.5">
        <Label htmlFor={ids.file}>File</Label>
        <input
          id={ids.file}
          ref={fileRef}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5"
          aria-invalid={!!error}
        />
      </div>
      <div className="grid gap-1.5 sm:max-w-sm">
        <Label htmlFor={ids.policy}>{duplicateLabel}</Label>
        <NativeSelect
          id={ids.policy}
          value={policy}
          onChange={(e) => setPolicy(e.target.value as "skip" | "update")}
        >
          <option value="skip">{duplicateOptions[0]}</option>
          <option value="update">{duplicateOptions[1]}</option>
        </NativeSelect>
      </div>
      {busy ? (
        <div className="grid gap-1">
          <Progress value={progress} aria-label="Importing" />
          <p className="text-sm text-muted-foreground" role="status">
            {progress !== null ? `Uploading… ${progress}%` : "Importing…"}
          </p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" loading={busy}>
          <UploadIcon aria-hidden="true" />
          Import
        </Button>
      </div>
    </form>
  );
}
