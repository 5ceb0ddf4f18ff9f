"use client";

import { useCallback, useEffect, useState } from "react";
import type { CustomerSortField } from "@/server/domain/customers";

/** A column of the customers table besides Name (always shown). `custom:<key>` is a custom field. */
export type ColumnId =
  | "email"
  | "phone"
  | "whatsapp"
  | "company"
  | "tags"
  | "lifecycleStage"
  | "source"
  | "owner"
  | "createdAt"
  | "lastActivityAt"
  | "totalSpent"
  | "lastPurchaseOn"
  | `custom:${string}`;

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** The list's sort field when the column can be sorted on the server. */
  sort?: CustomerSortField;
}

export const standardColumns: ColumnDef[] = [
  { id: "email", label: "Email", sort: "email" },
  { id: "phone", label: "Phone" },
  { id: "whatsapp", label: "WhatsApp" },
  { id: "company", label: "Company", sort: "company" },
  { id: "tags", label: "Tags" },
  { id: "lifecycleStage", label: "Lifecycle stage", sort: "lifecycleStage" },
  { id: "source", label: "Source" },
  { id: "owner", label: "Owner" },
  { id: "createdAt", label: "Created", sort: "createdAt" },
  { id: "lastActivityAt", label: "Last activity", sort: "lastActivityAt" },
  { id: "totalSpent", label: "Total spent", sort: "totalSpent" },
  { id: "lastPurchaseOn", label: "Last purchase" },
];

export const defaultColumns: ColumnId[] = ["email", "phone", "tags", "lifecycleStage", "lastActivityAt"];

/**
 * The visible columns, remembered per business in localStorage (read after mount, so the server and
 * the first client render agree on the defaults).
 */
export function useVisibleColumns(businessId: string): [ColumnId[], (cols: ColumnId[]) => void] {
  const storageKey = `mini-crm:customers:columns:${businessId}`;
  const [columns, setColumnsState] = useState<ColumnId[]>(defaultColumns);

  useEffect(() => {
    try {
      const raw = window.localStorage.getItem(storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      if (Array.isArray(parsed) && parsed.every((c) => typeof c === "string")) {
        setColumnsState(parsed as ColumnId[]);
      }
    } catch {
      // Private mode or corrupt value: keep the defaults.
    }
  }, [storageKey]);

  const setColumns = useCallback(
    (cols: ColumnId[]) => {
      setColumnsState(cols);
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(cols));
      } catch {
        // Storage full or blocked: the choice lasts for this visit only.
      }
    },
    [storageKey],
  );

  return [columns, setColumns];
}

/**
 * The export columns for the list's visible columns, in their order: Name first (the list always shows
 * it), Owner as the owner's email, custom fields as `custom:<key>`.
 */
export function exportColumnsFor(visible: readonly ColumnId[]): string[] {
  return ["name", ...visible.map((c) => (c === "owner" ? "ownerEmail" : c))];
}
