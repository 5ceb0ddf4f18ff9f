import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { customerFieldLabel, importableFields } from "@/server/domain/customer-fields";
import { formatDateTime } from "@/server/domain/format";
import { type ImportStartState, isUnstartedImport } from "@/server/domain/imports";
import { formatPhoneForDisplay } from "@/server/domain/phone";
import type { CreatedImport, ImportPreview } from "@/server/services/imports/run";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ImportItem = RouterOutputs["imports"]["get"];
export type { ImportPreview };
export type PreviewRow = ImportPreview["rows"][number];
export type UnmappedColumn = ImportPreview["unmapped"][number];

/** What `POST /api/imports` answers. */
export interface UploadResult {
  id: string;
  headers: string[];
  mapping: Record<string, string>;
  unmapped: UnmappedColumn[];
  /** Headers matched by a close spelling: the mapping step asks the user to check them. */
  fuzzy?: CreatedImport["fuzzy"];
  preview: ImportPreview;
}

/** Customer fields a column can be mapped to, in the order the select lists them (from the field definition). */
export const fieldLabels: Record<string, string> = Object.fromEntries(
  importableFields.map((k) => [k, customerFieldLabel(k)]),
);

export const IGNORE = "ignore";
export const CREATE_CUSTOM = "__create_custom__";

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Status → badge variant and label. */
export const statusBadge: Record<
  ImportItem["status"],
  { label: string; variant: "default" | "secondary" | "destructive" | "success" | "warning" | "outline" }
> = {
  queued: { label: "Queued", variant: "secondary" },
  running: { label: "Running", variant: "warning" },
  completed: { label: "Completed", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  undone: { label: "Undone", variant: "outline" },
};

/**
 * The badge of an import: its status, except that an upload nobody started (`isUnstartedImport`) is
 * "Not started" rather than "Queued", since it will not start by itself.
 */
export function importBadge(item: ImportStartState): (typeof statusBadge)[ImportItem["status"]] {
  return isUnstartedImport(item) ? { label: "Not started", variant: "outline" } : statusBadge[item.status];
}

/** Whether an import is under way: queued for or in processing (not an upload nobody started). */
export function isImportLive(item: ImportStartState): boolean {
  return (item.status === "queued" || item.status === "running") && !isUnstartedImport(item);
}

/** The wizard, opened on an uploaded import to check its columns and start it. */
export function resumeImportHref(slug: string, importId: string): string {
  return `/b/${slug}/customers/import?resume=${importId}`;
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** A preview value as text: lists joined, booleans as Yes/No, instants in the business's zone, empty as "". */
export function displayValue(value: unknown, timeZone = "UTC"): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" && isoInstant.test(value)) return formatDateTime(value, timeZone);
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

/**
 * The value a mapped column will save, read from the previewed customer; phone and WhatsApp numbers as
 * the business's country (`country`) writes them.
 */
export function savedValue(
  customer: PreviewRow["customer"],
  target: string,
  timeZone: string,
  country?: string,
): string {
  if (!customer) return "";
  if ((target === "phone" || target === "whatsapp") && customer[target])
    return formatPhoneForDisplay(customer[target], country);
  if (target.startsWith("custom:")) return displayValue(customer.customFields[target.slice(7)], timeZone);
  if (target === "firstName" || target === "lastName") return displayValue(customer.name, timeZone);
  return displayValue((customer as unknown as Record<string, unknown>)[target], timeZone);
}
