import type { CustomFieldType } from "@/server/domain/custom-fields";

/** A custom field definition as `customFields.list` returns it. */
export interface CustomFieldDef {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

/** Digits after the decimal point of an ISO 4217 currency (INR 2, JPY 0). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** A stored custom value as text for display (currency in major units, booleans as Yes/No). */
export function formatCustomValue(field: CustomFieldDef, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === "") return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (field.type === "currency" && typeof value === "number") {
    const digits = currencyDigits(currency);
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency }).format(value / 10 ** digits);
    } catch {
      return (value / 10 ** digits).toFixed(digits);
    }
  }
  return String(value);
}
