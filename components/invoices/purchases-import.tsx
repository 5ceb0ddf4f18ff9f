"use client";

import { useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { SheetUploadForm } from "./sheet-upload-form";

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
  const [result, setResult] = useState<ImportResult | null>(null);

  return (
    <div className="min-w-0">
      <PageHeader
        title="Import purchases"
        description="Orders from your till, shop or another system: each becomes a purchase of the customer with that email or phone."
      />
      <div className="grid min-w-0 gap-4">
        <Card>
          <CardContent>
            <SheetUploadForm<ImportResult>
              url="/api/purchases/imports"
              label="Import purchases"
              intro={
                <>
                  A CSV or Excel file with a row per order and columns for the order id, the customer's email
                  or phone, the date, the items (e.g. <code>Hair spa x2; Shampoo</code>) and the amount in{" "}
                  {business.currency}. Customers are matched, not created: import them first.
                </>
              }
              duplicateLabel="An order imported before"
              duplicateOptions={["Skip it", "Update it with the file's values"]}
              onResult={setResult}
            />
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
