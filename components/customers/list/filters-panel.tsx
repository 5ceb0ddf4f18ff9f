"use client";

/*
 * Why one file: the filter panel is one form over the list's filter (tags, source, stage, owner,
 * contact, consent, dates, custom fields), each section a few lines of the same shape. It loads when the
 * user reaches for the Filters button (filters-sheet.tsx renders the button until then).
 */

import { type ReactElement, type ReactNode, useState } from "react";
import { type CustomFieldDef, currencyDigits } from "@/components/customers/form/custom-values";
import { consentChannelLabels, lifecycleStageLabels } from "@/components/customers/form/labels";
import { TagInput } from "@/components/customers/form/tag-input";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetFooter,
  SheetHeader,
  SheetTitle,
  SheetTrigger,
} from "@/components/ui/sheet";
import { consentChannels, lifecycleStages } from "@/server/domain/customer-values";
import type { CustomFieldFilter } from "@/server/domain/customers";
import { cleanFilter, type PanelFilter } from "./list-state";

export interface Member {
  userId: string;
  name: string | null;
  email: string;
}

export interface FiltersPanelProps {
  value: PanelFilter;
  onApply: (filter: PanelFilter) => void;
  members: Member[];
  customFields: CustomFieldDef[];
  currency: string;
}

/**
 * The filters panel: a sheet from the right (full width on phones), open when it first renders (the
 * user has just pressed `trigger`, the Filters button). Edits a draft; "Show results" applies it, "Clear
 * all" empties it. Every control has a visible label.
 */
export default function FiltersPanel({
  value,
  onApply,
  members,
  customFields,
  currency,
  trigger,
}: FiltersPanelProps & { trigger: ReactElement }) {
  const [open, setOpen] = useState(true);
  const [draft, setDraft] = useState<PanelFilter>(value);
  // Remounts the uncontrolled range inputs when the draft is cleared or reopened.
  const [resetKey, setResetKey] = useState(0);

  const set = (patch: Partial<PanelFilter>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <Sheet
      open={open}
      onOpenChange={(o) => {
        if (o) {
          setDraft(value);
          setResetKey((k) => k + 1);
        }
        setOpen(o);
      }}
    >
      <SheetTrigger asChild>{trigger}</SheetTrigger>
      <SheetContent side="right" className="w-full gap-0 sm:max-w-md">
        <SheetHeader className="border-b">
          <SheetTitle>Filters</SheetTitle>
          <SheetDescription>Customers must match every condition you set.</SheetDescription>
        </SheetHeader>
        <div key={resetKey} className="grid gap-6 overflow-y-auto p-4">
          <Section title="Tags">
            <Field label="Has any of" id="f-tags-any">
              <TagInput
                id="f-tags-any"
                value={draft.tags?.any ?? []}
                onChange={(any) => set({ tags: { ...draft.tags, any } })}
              />
            </Field>
            <Field label="Has all of" id="f-tags-all">
              <TagInput
                id="f-tags-all"
                value={draft.tags?.all ?? []}
                onChange={(all) => set({ tags: { ...draft.tags, all } })}
              />
            </Field>
            <Field label="Has none of" id="f-tags-none">
              <TagInput
                id="f-tags-none"
                value={draft.tags?.none ?? []}
                onChange={(none) => set({ tags: { ...draft.tags, none } })}
              />
            </Field>
          </Section>

          <Section title="Lifecycle stage">
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {lifecycleStages.map((s) => (
                <CheckRow
                  key={s}
                  id={`f-stage-${s}`}
                  label={lifecycleStageLabels[s]}
                  checked={draft.lifecycleStages?.includes(s) ?? false}
                  onChange={(c) =>
                    set({
                      lifecycleStages: c
                        ? [...(draft.lifecycleStages ?? []), s]
                        : (draft.lifecycleStages ?? []).filter((x) => x !== s),
                    })
                  }
                />
              ))}
            </div>
          </Section>

          <Section title="Source">
            <Field label="Any of these sources (comma-separated)" id="f-sources">
              <TagInput
                id="f-sources"
                placeholder="Walk-in, Instagram…"
                suggestFromBusiness={false}
                value={draft.sources ?? []}
                onChange={(sources) => set({ sources })}
              />
            </Field>
          </Section>

          <Section title="Owner">
            <div className="grid gap-2">
              <CheckRow
                id="f-owner-none"
                label="Unassigned"
                checked={draft.unassigned ?? false}
                onChange={(c) => set({ unassigned: c || undefined })}
              />
              {members.map((m) => (
                <CheckRow
                  key={m.userId}
                  id={`f-owner-${m.userId}`}
                  label={m.name?.trim() || m.email}
                  checked={draft.ownerIds?.includes(m.userId) ?? false}
                  onChange={(c) =>
                    set({
                      ownerIds: c
                        ? [...(draft.ownerIds ?? []), m.userId]
                        : (draft.ownerIds ?? []).filter((x) => x !== m.userId),
                    })
                  }
                />
              ))}
            </div>
          </Section>

          <Section title="Contact details">
            <div className="grid grid-cols-3 gap-2">
              {(
                [
                  ["hasEmail", "Email"],
                  ["hasPhone", "Phone"],
                  ["hasWhatsapp", "WhatsApp"],
                ] as const
              ).map(([key, label]) => (
                <Field key={key} label={label} id={`f-${key}`}>
                  <NativeSelect
                    id={`f-${key}`}
                    value={draft[key] === undefined ? "" : draft[key] ? "yes" : "no"}
                    onChange={(e) =>
                      set({ [key]: e.target.value === "" ? undefined : e.target.value === "yes" })
                    }
                  >
                    <option value="">Any</option>
                    <option value="yes">Has</option>
                    <option value="no">Missing</option>
                  </NativeSelect>
                </Field>
              ))}
            </div>
            <CheckRow
              id="f-needs-review"
              label="Needs review: kept with a value that did not validate"
              checked={draft.needsReview ?? false}
              onChange={(c) => set({ needsReview: c || undefined })}
            />
          </Section>

          <Section title="Consent">
            <div className="grid grid-cols-3 gap-2">
              {consentChannels.map((ch) => (
                <Field key={ch} label={consentChannelLabels[ch]} id={`f-consent-${ch}`}>
                  <NativeSelect
                    id={`f-consent-${ch}`}
                    value={draft.consent?.[ch] ?? ""}
                    onChange={(e) =>
                      set({
                        consent: {
                          ...draft.consent,
                          [ch]: (e.target.value || undefined) as "granted" | "denied" | "unknown" | undefined,
                        },
                      })
                    }
                  >
                    <option value="">Any</option>
                    <option value="granted">Agreed</option>
                    <option value="denied">Declined</option>
                    <option value="unknown">Not asked</option>
                  </NativeSelect>
                </Field>
              ))}
            </div>
          </Section>

          <Section title="Birthdays and anniversaries">
            {(["birthday", "anniversary"] as const).map((key) => {
              const w = draft[key];
              const mode = !w ? "" : w.within === "this_month" ? "this_month" : "next_days";
              return (
                <div key={key} className="grid grid-cols-[1fr_6rem] items-end gap-2">
                  <Field label={key === "birthday" ? "Birthday" : "Anniversary"} id={`f-${key}`}>
                    <NativeSelect
                      id={`f-${key}`}
                      value={mode}
                      onChange={(e) =>
                        set({
                          [key]: !e.target.value
                            ? undefined
                            : { within: e.target.value as "this_month" | "next_days", days: w?.days ?? 7 },
                        })
                      }
                    >
                      <option value="">Any time</option>
                      <option value="this_month">This month</option>
                      <option value="next_days">In the next days…</option>
                    </NativeSelect>
                  </Field>
                  {mode === "next_days" ? (
                    <Field label="Days" id={`f-${key}-days`}>
                      <Input
                        id={`f-${key}-days`}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={366}
                        value={w?.days ?? 7}
                        onChange={(e) =>
                          set({
                            [key]: {
                              within: "next_days",
                              days: Math.max(0, Math.min(366, Number(e.target.value) || 0)),
                            },
                          })
                        }
                      />
                    </Field>
                  ) : null}
                </div>
              );
            })}
          </Section>

          <Section title="Dates">
            {(
              [
                ["created", "Created"],
                ["lastActivity", "Last activity"],
              ] as const
            ).map(([key, label]) => (
              <div key={key} className="grid grid-cols-2 gap-2">
                <Field label={`${label} from`} id={`f-${key}-from`}>
                  <Input
                    id={`f-${key}-from`}
                    type="date"
                    value={(draft[key]?.from as string | undefined)?.slice(0, 10) ?? ""}
                    onChange={(e) => set({ [key]: { ...draft[key], from: e.target.value || undefined } })}
                  />
                </Field>
                <Field label="to" id={`f-${key}-to`}>
                  <Input
                    id={`f-${key}-to`}
                    type="date"
                    value={(draft[key]?.to as string | undefined)?.slice(0, 10) ?? ""}
                    onChange={(e) => set({ [key]: { ...draft[key], to: e.target.value || undefined } })}
                  />
                </Field>
              </div>
            ))}
          </Section>

          {customFields.length ? (
            <Section title="Custom fields">
              {customFields.map((f) => (
                <CustomFieldFilterControl
                  key={f.id}
                  field={f}
                  currency={currency}
                  value={draft.customFields?.find((c) => c.key === f.key)}
                  onChange={(cond) =>
                    set({
                      customFields: [
                        ...(draft.customFields ?? []).filter((c) => c.key !== f.key),
                        ...(cond ? [cond] : []),
                      ],
                    })
                  }
                />
              ))}
            </Section>
          ) : null}
        </div>
        <SheetFooter className="sticky bottom-0 flex-row justify-end border-t bg-background">
          <Button
            variant="ghost"
            onClick={() => {
              setDraft({});
              setResetKey((k) => k + 1);
            }}
          >
            Clear all
          </Button>
          <Button
            onClick={() => {
              onApply(cleanFilter(draft));
              setOpen(false);
            }}
          >
            Show results
          </Button>
        </SheetFooter>
      </SheetContent>
    </Sheet>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="grid min-w-0 gap-3">
      <legend className="mb-2 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1.5">
      <Label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </Label>
      {children}
    </div>
  );
}

function CheckRow({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="flex min-w-0 items-center gap-2">
      <Checkbox id={id} checked={checked} onCheckedChange={(c) => onChange(c === true)} />
      <Label htmlFor={id} className="truncate font-normal">
        {label}
      </Label>
    </div>
  );
}

/** One custom field's condition, by what its type allows. */
function CustomFieldFilterControl({
  field,
  value,
  onChange,
  currency,
}: {
  field: CustomFieldDef;
  value: CustomFieldFilter | undefined;
  onChange: (cond: CustomFieldFilter | null) => void;
  currency: string;
}) {
  const id = `f-cf-${field.key}`;
  switch (field.type) {
    case "single_select":
    case "multi_select": {
      const selected = value?.op === "anyOf" ? value.values.map(String) : [];
      return (
        <div className="grid gap-2">
          <span className="text-xs font-medium text-muted-foreground">{field.label}: any of</span>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {field.options.map((o) => (
              <CheckRow
                key={o}
                id={`${id}-${o}`}
                label={o}
                checked={selected.includes(o)}
                onChange={(c) => {
                  const next = c ? [...selected, o] : selected.filter((s) => s !== o);
                  onChange(next.length ? { key: field.key, op: "anyOf", values: next } : null);
                }}
              />
            ))}
          </div>
        </div>
      );
    }
    case "boolean":
      return (
        <Field label={field.label} id={id}>
          <NativeSelect
            id={id}
            value={value?.op === "equals" ? String(value.value) : value?.op === "isEmpty" ? "empty" : ""}
            onChange={(e) => {
              const v = e.target.value;
              onChange(
                !v
                  ? null
                  : v === "empty"
                    ? { key: field.key, op: "isEmpty" }
                    : { key: field.key, op: "equals", value: v === "true" },
              );
            }}
          >
            <option value="">Any</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
            <option value="empty">Not set</option>
          </NativeSelect>
        </Field>
      );
    case "number":
    case "currency":
    case "date": {
      const isDate = field.type === "date";
      const scale = field.type === "currency" ? 10 ** currencyDigits(currency) : 1;
      const between = value?.op === "between" ? value : undefined;
      const show = (v: number | string | undefined) =>
        v === undefined ? "" : typeof v === "number" ? String(v / scale) : v;
      const parse = (s: string): number | string | undefined => {
        if (!s.trim()) return undefined;
        if (isDate) return s;
        const n = Number(s);
        return Number.isFinite(n) ? Math.round(n * scale) : undefined;
      };
      const update = (from: number | string | undefined, to: number | string | undefined) =>
        onChange(from === undefined && to === undefined ? null : { key: field.key, op: "between", from, to });
      return (
        <div className="grid grid-cols-2 gap-2">
          <Field label={`${field.label} from`} id={`${id}-from`}>
            <Input
              id={`${id}-from`}
              type={isDate ? "date" : "text"}
              inputMode={isDate ? undefined : "decimal"}
              defaultValue={show(between?.from)}
              onBlur={(e) => update(parse(e.target.value), between?.to)}
            />
          </Field>
          <Field label="to" id={`${id}-to`}>
            <Input
              id={`${id}-to`}
              type={isDate ? "date" : "text"}
              inputMode={isDate ? undefined : "decimal"}
              defaultValue={show(between?.to)}
              onBlur={(e) => update(between?.from, parse(e.target.value))}
            />
          </Field>
        </div>
      );
    }
    default:
      return (
        <Field label={`${field.label} contains`} id={id}>
          <Input
            id={id}
            defaultValue={value?.op === "contains" ? value.value : ""}
            onBlur={(e) =>
              onChange(
                e.target.value.trim()
                  ? { key: field.key, op: "contains", value: e.target.value.trim() }
                  : null,
              )
            }
          />
        </Field>
      );
  }
}
