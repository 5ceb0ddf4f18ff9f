"use client";

import { UploadIcon } from "lucide-react";
import { useId, useRef, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { Progress } from "@/components/ui/progress";
import { useSheetUpload } from "./use-sheet-upload";

interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  customers: number;
  errors: { row: number; orderId: string | null; reason: string }[];
  mapping: Record<string, string>;
}

const targetLabels: Record<string, string> = {
  orderId: "Order id",
  email: "Customer email",
  phone: "Customer phone",
  date: "Date",
  items: "Items",
  amount: "Amount",
  ignore: "Not imported",
};

/** A CSV of the rows not taken, for the user to fix and import again. */
function errorsCsv(errors: ImportResult["errors"]): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return ["Row,Order id,Reason", ...errors.map((e) => `${e.row},${q(e.orderId ?? "")},${q(e.reason)}`)].join(
    "\n",
  );
}

/**
 * Imports orders from a CSV or Excel file another system made (a POS or shop export): upload shows its
 * progress, then what was recorded, which columns were read as what, and every row not taken with why
 * (downloadable as CSV). Orders already imported are skipped or updated, as chosen.
 */
export function PurchasesImport() {
  const business = useBusiness();
  const ids = { file: useId(), policy: useId() };
  const fileRef = useRef<HTMLInputElement>(null);
  const [policy, setPolicy] = useState<"skip" | "update">("skip");
  const { busy, progress, error, setError, result, upload } =
    useSheetUpload<ImportResult>("/api/purchases/imports");

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setError("Choose a CSV or Excel file of orders.");
    const form = new FormData();
    form.set("businessId", business.id);
    form.set("onDuplicate", policy);
    form.set("file", file);
    upload(form);
  };

  return (
    <div className="min-w-0">
      <PageHeader
        title="Import purchases"
        description="Orders from your till, shop or another system: each becomes a purchase of the customer with that email or phone."
      />
      <div className="grid min-w-0 gap-4">
        <Card>
          <CardContent>
            <form className="grid gap-4" onSubmit={submit} aria-label="Import purchases" noValidate>
              <p className="text-sm text-muted-foreground">
                A CSV or Excel file with a row per order and columns for the order id, the customer's email or
                phone, the date, the items (e.g. <code>Hair spa x2; Shampoo</code>) and the amount in{" "}
                {business.currency}. Customers are matched, not created: import them first.
              </p>
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
                <Label htmlFor={ids.policy}>An order imported before</Label>
                <NativeSelect
                  id={ids.policy}
                  value={policy}
                  onChange={(e) => setPolicy(e.target.value as "skip" | "update")}
                >
                  <option value="skip">Skip it</option>
                  <option value="update">Update it with the file's values</option>
                </NativeSelect>
              </div>
              {busy ? (
                <div className="grid gap-1">
                  <Progress value={progress} aria-label="Importing" />
                  <p className="text-sm text-muted-foreground" role="status">
                    {progress !== null ? `Uploading… ${progress}%` : "Importing orders…"}
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
          </CardContent>
        </Card>
        {result ? (
          <Card>
            <CardHeader>
              <CardTitle as="h2" className="text-base">
                Imported
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" aria-label="Import summary">
                {(
                  [
                    ["New orders", result.created],
                    ["Updated", result.updated],
                    ["Skipped", result.skipped],
                    ["Not imported", result.failed],
                    ["Customers", result.customers],
                  ] as const
                ).map(([label, n]) => (
                  <div key={label} className="rounded-md bg-muted p-2">
                    <dt className="text-xs text-muted-foreground">{label}</dt>
                    <dd className="font-semibold tabular-nums">{n.toLocaleString("en-US")}</dd>
                  </div>
                ))}
              </dl>
              <p className="text-sm text-muted-foreground">
                Read as:{" "}
                {Object.entries(result.mapping)
                  .filter(([, t]) => t !== "ignore")
                  .map(([h, t]) => `${h} → ${targetLabels[t] ?? t}`)
                  .join(", ")}
                .
              </p>
              {result.errors.length ? (
                <div className="grid gap-2">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 className="text-sm font-medium">Rows not imported</h3>
                    <Button asChild variant="outline" size="sm">
                      <a
                        href={`data:text/csv;charset=utf-8,${encodeURIComponent(errorsCsv(result.errors))}`}
                        download="orders-not-imported.csv"
                      >
                        Download as CSV
                      </a>
                    </Button>
                  </div>
                  <ul className="grid max-h-96 divide-y overflow-auto rounded-md border text-sm">
                    {result.errors.map((e) => (
                      <li key={`${e.row}-${e.orderId}`} className="grid gap-0.5 p-2">
                        <span className="font-medium">
                          Row {e.row}
                          {e.orderId ? ` · ${e.orderId}` : ""}
                        </span>
                        <span className="break-words text-muted-foreground">{e.reason}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div>
                <Button asChild variant="outline">
                  <Link href={`/b/${business.slug}/customers`}>See customers</Link>
                </Button>
              </div>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
