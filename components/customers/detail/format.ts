import { TZDate } from "@date-fns/tz";
import type { DateFormat } from "@/components/layout/date-display";
import { customerFieldLabel } from "@/server/domain/customer-fields";
import type { LifecycleStage } from "@/server/domain/customers";

/** Lifecycle stages as the UI names them. */
export const lifecycleLabels: Record<LifecycleStage, string> = {
  lead: "Lead",
  prospect: "Prospect",
  customer: "Customer",
  churned: "Churned",
};

export const lifecycleBadgeVariant: Record<LifecycleStage, "secondary" | "warning" | "success" | "outline"> =
  {
    lead: "secondary",
    prospect: "warning",
    customer: "success",
    churned: "outline",
  };

/** Context a timeline sentence needs to name things (custom field labels, members, the business). */
export interface DescribeContext {
  /** Dates in the business's time zone (`useFormatDate`). */
  dates: DateFormat;
  /** An E.164 number as the business's country writes it (`useFormatPhone`). */
  formatPhone: (e164: string) => string;
  customFieldLabels: Map<string, string>;
  memberNames: Map<string, string>;
}

/** The label of a field key as stored in `field_changed` (`phone`, `customFields.size`…). */
export function fieldLabel(field: string, ctx: Pick<DescribeContext, "customFieldLabels">): string {
  if (field.startsWith("customFields.")) {
    const key = field.slice("customFields.".length);
    return ctx.customFieldLabels.get(key) ?? key;
  }
  return customerFieldLabel(field);
}

/** A field value in words: phones as the business's country writes them, stages by name, consent as Granted/Refused. */
export function valueText(field: string, value: unknown, ctx: DescribeContext): string {
  if (value === null || value === undefined || value === "") return "empty";
  if ((field === "phone" || field === "whatsapp") && typeof value === "string") {
    return ctx.formatPhone(value);
  }
  if (field === "lifecycleStage" && typeof value === "string" && value in lifecycleLabels) {
    return lifecycleLabels[value as LifecycleStage];
  }
  if (field === "ownerId" && typeof value === "string") return ctx.memberNames.get(value) ?? "another member";
  if (field.endsWith("Consent") && typeof value === "boolean") return value ? "granted" : "refused";
  if ((field === "dateOfBirth" || field === "anniversary") && typeof value === "string") {
    return ctx.dates.day(value);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "empty";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Phone digits for `https://wa.me/<digits>` (E.164 without the plus). */
export function waDigits(e164: string): string {
  return e164.replace(/\D/g, "");
}

/** `datetime-local` input value ("2026-03-05T14:05") for an instant, in `timeZone`. */
export function toLocalInput(date: Date | string | null | undefined, timeZone: string): string {
  if (!date) return "";
  const d = new TZDate(new Date(date).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The instant a `datetime-local` value means in `timeZone` (the business's, not the browser's).
 * Output: a Date, or null for an empty or malformed value.
 */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const d = new TZDate(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    0,
    0,
    timeZone,
  );
  return new Date(d.getTime());
}

/** Bytes as "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One channel's stored consent, as the API returns it. */
export interface StoredConsent {
  granted: boolean | null;
  at: Date | string | null;
  source: string | null;
}

/** How a channel's consent reads on the customer page: a state for the badge, its text and its tooltip. */
export interface ConsentView {
  state: "granted" | "refused" | "unknown";
  text: string;
  title: string;
}

/**
 * A channel's stored consent in words. Granted and refused come from `granted` alone, whatever the
 * source ("import", a form, a person's note); the time and source are added to the tooltip. A time or
 * source without a yes/no (an imported file with a consent date but no consent column) stays unknown,
 * and says so, since nothing recorded that the customer agreed. `formatDateTime` writes the time (in the
 * business's time zone: `useFormatDate().dateTime`).
 */
export function consentView(
  channel: string,
  c: StoredConsent,
  formatDateTime: (at: Date | string) => string,
): ConsentView {
  const when = c.at ? ` on ${formatDateTime(c.at)}` : "";
  const how = c.source ? (c.source === "import" ? ", from an import" : ` (${c.source})`) : "";
  if (c.granted === true)
    return { state: "granted", text: `${channel} consent`, title: `${channel} consent given${when}${how}` };
  if (c.granted === false)
    return {
      state: "refused",
      text: `No ${channel} consent`,
      title: `${channel} consent refused${when}${how}`,
    };
  if (c.at || c.source)
    return {
      state: "unknown",
      text: `${channel} consent not recorded`,
      title: `A consent time${when}${how} is stored, but not whether ${channel} consent was given. Edit the customer to record it.`,
    };
  return { state: "unknown", text: `${channel} consent unknown`, title: `${channel} consent not known` };
}
