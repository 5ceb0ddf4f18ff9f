"use client";

import { useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { SheetUploadForm } from "./sheet-upload-form";

interface ProductImportResult {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: { row: number; name: string | null; reason: string }[];
}

/** Imports the catalog from a CSV or Excel file; a name already there is skipped or updated, as chosen. */
export function ProductsImport({ onDone }: { onDone: () => unknown }) {
  const [result, setResult] = useState<ProductImportResult | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="text-base">
          Import products
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <SheetUploadForm<ProductImportResult>
          url="/api/products/imports"
          label="Import products"
          intro="Columns for the name and price, and if you have them the unit, tax rate (18 or 18%), HSN/SAC code and description."
          duplicateLabel="A product already in the catalog"
          duplicateOptions={["Keep it as it is", "Update it from the file"]}
          onResult={(r) => {
            setResult(r);
            void onDone();
          }}
        />
        {result ? (
          <div className="grid gap-2 text-sm" role="status">
            <p>
              {result.created} added, {result.updated} updated, {result.skipped} skipped, {result.failed} not
              imported.
            </p>
            {result.errors.length ? (
              <ul className="grid max-h-72 divide-y overflow-auto rounded-md border">
                {result.errors.map((e) => (
                  <li key={e.row} className="p-2">
                    <span className="font-medium">
                      Row {e.row}
                      {e.name ? ` · ${e.name}` : ""}
                    </span>
                    <span className="block break-words text-muted-foreground">{e.reason}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
