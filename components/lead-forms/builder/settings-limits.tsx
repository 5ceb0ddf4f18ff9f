"use client";

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { Input } from "@/components/ui/input";
import type { LeadFormSettings } from "@/server/domain/lead-forms";
import { controlProps, Labelled } from "./labelled";
import { intOf, ListInput, type SettingsSectionProps, serr, sp } from "./settings-controls";

/** An instant (ISO 8601) as a `datetime-local` value in `timeZone`. */
function localValue(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : format(new TZDate(d.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read in `timeZone`, as an ISO 8601 instant; null when empty. */
function instantOf(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  return new Date(new TZDate(y!, mo! - 1, d!, h!, mi!, timeZone).getTime()).toISOString();
}

/**
 * When the form stops taking submissions (after N, or at a time in the business's zone), which websites
 * may embed it, and how fast a person can possibly fill it (faster is treated as a bot).
 */
export function LimitSettings({
  settings,
  onChange,
  errors,
  timeZone,
}: SettingsSectionProps & { timeZone: string }) {
  const limit = settings.limit;
  const setLimit = (patch: Partial<LeadFormSettings["limit"]>) =>
    onChange({ ...settings, limit: { ...limit, ...patch } });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Labelled
        path={sp("limit.maxSubmissions")}
        label="Close after this many submissions"
        hint="Leave empty for no limit."
        error={serr(errors, "limit.maxSubmissions")}
      >
        <Input
          {...controlProps(sp("limit.maxSubmissions"), serr(errors, "limit.maxSubmissions"), true)}
          type="number"
          inputMode="numeric"
          min={1}
          value={limit.maxSubmissions ?? ""}
          onChange={(e) => setLimit({ maxSubmissions: intOf(e.target.value) ?? null })}
        />
      </Labelled>
      <Labelled
        path={sp("limit.closesAt")}
        label="Close at"
        hint={`In ${timeZone}. Leave empty to keep it open.`}
        error={serr(errors, "limit.closesAt")}
      >
        <Input
          {...controlProps(sp("limit.closesAt"), serr(errors, "limit.closesAt"), true)}
          type="datetime-local"
          value={localValue(limit.closesAt, timeZone)}
          onChange={(e) => setLimit({ closesAt: instantOf(e.target.value, timeZone) })}
        />
      </Labelled>
      <div className="sm:col-span-2">
        <ListInput
          path={sp("allowedDomains")}
          label="Websites that may embed it"
          hint="One per line, e.g. example.com (its subdomains too). Empty: only the hosted page and its link."
          error={serr(errors, "allowedDomains")}
          value={settings.allowedDomains}
          placeholder="example.com"
          multiline
          onChange={(allowedDomains) => onChange({ ...settings, allowedDomains })}
        />
      </div>
      <Labelled
        path={sp("minFillSeconds")}
        label="Fastest a person fills it (seconds)"
        hint="Sent faster than this, a submission goes to Spam."
        error={serr(errors, "minFillSeconds")}
      >
        <Input
          {...controlProps(sp("minFillSeconds"), serr(errors, "minFillSeconds"), true)}
          type="number"
          inputMode="numeric"
          min={0}
          max={60}
          value={settings.minFillSeconds}
          onChange={(e) => onChange({ ...settings, minFillSeconds: intOf(e.target.value) ?? 0 })}
        />
      </Labelled>
    </div>
  );
}
