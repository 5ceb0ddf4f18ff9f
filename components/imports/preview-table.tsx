"use client";

import { useBusiness } from "@/components/layout/business-context";
import { fieldLabels, IGNORE, type PreviewRow, savedValue } from "./fields";

/** The preview rows as they will be saved, invalid cells marked with the reason, and each row's result. */
export function PreviewTable({
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
