"use client";

import { TagInput } from "@/components/customers/form/tag-input";
import { NativeSelect } from "@/components/settings/native-select";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SEGMENT_LIMITS } from "@/server/domain/segments";
import type { DraftValue } from "./builder-state";
import { type Choice, monthNames, type ValueKind } from "./rule-fields";

/**
 * The value part of a condition, shaped by its operator (`ValueKind`): a text, number or date box; two
 * boxes for "between"; a number of days; a month (or "this month"); one choice from a list; check boxes
 * for several choices; a tag input (the business's tags suggested) or a free list. Every control is
 * labelled `label` (with "from" / "to" for ranges). Renders nothing when the operator takes no value.
 */
export function RuleValueInput({
  id,
  label,
  kind,
  value,
  onChange,
  choices,
  invalid,
  describedBy,
}: {
  /** The id of the (first) control, for its label and for moving focus to it. */
  id: string;
  label: string;
  kind: ValueKind;
  value: DraftValue;
  onChange: (value: DraftValue) => void;
  /** The choices of `choice` and `choices`. */
  choices: readonly Choice[];
  invalid?: boolean;
  describedBy?: string;
}) {
  const text = typeof value === "string" ? value : "";
  const list = Array.isArray(value) ? value : [];
  const common = { "aria-invalid": invalid || undefined, "aria-describedby": describedBy };
  const hiddenLabel = (
    <Label htmlFor={id} className="sr-only">
      {label}
    </Label>
  );

  switch (kind.kind) {
    case "none":
      return null;
    case "text":
    case "number":
    case "date":
      return (
        <div className="min-w-0">
          {hiddenLabel}
          <Input
            id={id}
            type={kind.kind === "text" ? "text" : kind.kind}
            inputMode={kind.kind === "number" ? "decimal" : undefined}
            step={kind.kind === "number" ? "any" : undefined}
            maxLength={kind.kind === "text" ? SEGMENT_LIMITS.text : undefined}
            placeholder={kind.kind === "text" ? "Value" : undefined}
            value={text}
            onChange={(e) => onChange(e.target.value)}
            {...common}
          />
        </div>
      );
    case "between": {
      const [from = "", to = ""] = list;
      const type = kind.input === "date" ? "date" : "number";
      return (
        <div className="grid min-w-0 grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-2">
          <Label htmlFor={id} className="sr-only">
            {label}: from
          </Label>
          <Input
            id={id}
            type={type}
            inputMode={type === "number" ? "decimal" : undefined}
            step={type === "number" ? "any" : undefined}
            value={from}
            onChange={(e) => onChange([e.target.value, to])}
            {...common}
          />
          <span className="text-sm text-muted-foreground" aria-hidden="true">
            and
          </span>
          <Label htmlFor={`${id}-to`} className="sr-only">
            {label}: to
          </Label>
          <Input
            id={`${id}-to`}
            type={type}
            inputMode={type === "number" ? "decimal" : undefined}
            step={type === "number" ? "any" : undefined}
            value={to}
            onChange={(e) => onChange([from, e.target.value])}
            {...common}
          />
        </div>
      );
    }
    case "days":
      return (
        <div className="flex min-w-0 items-center gap-2">
          {hiddenLabel}
          <Input
            id={id}
            type="number"
            inputMode="numeric"
            min={0}
            max={SEGMENT_LIMITS.days}
            step={1}
            className="w-24"
            value={text}
            onChange={(e) => onChange(e.target.value)}
            {...common}
          />
          <span className="text-sm text-muted-foreground">days</span>
        </div>
      );
    case "month":
      return (
        <div className="min-w-0">
          {hiddenLabel}
          <NativeSelect id={id} value={text} onChange={(e) => onChange(e.target.value)} {...common}>
            <option value="" disabled>
              Choose a month
            </option>
            <option value="current">This month</option>
            {monthNames.map((m, i) => (
              <option key={m} value={String(i + 1)}>
                {m}
              </option>
            ))}
          </NativeSelect>
        </div>
      );
    case "choice":
      return (
        <div className="min-w-0">
          {hiddenLabel}
          <NativeSelect id={id} value={text} onChange={(e) => onChange(e.target.value)} {...common}>
            <option value="" disabled>
              Choose…
            </option>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      );
    case "choices":
      return (
        <fieldset className="min-w-0" aria-describedby={describedBy}>
          <legend className="sr-only">{label}</legend>
          {choices.length ? (
            <div className="flex min-h-9 flex-wrap items-center gap-x-4 gap-y-2">
              {choices.map((c, i) => {
                const checked = list.includes(c.value);
                const boxId = i === 0 ? id : `${id}-${i}`;
                return (
                  <div key={c.value} className="flex min-w-0 items-center gap-2">
                    <Checkbox
                      id={boxId}
                      checked={checked}
                      aria-invalid={invalid || undefined}
                      onCheckedChange={(on) =>
                        onChange(on === true ? [...list, c.value] : list.filter((v) => v !== c.value))
                      }
                    />
                    <Label htmlFor={boxId} className="truncate font-normal">
                      {c.label}
                    </Label>
                  </div>
                );
              })}
            </div>
          ) : (
            <p className="py-2 text-sm text-muted-foreground">There is nothing to choose from yet.</p>
          )}
        </fieldset>
      );
    case "tags":
    case "list":
      return (
        <div className="min-w-0">
          {hiddenLabel}
          <TagInput
            id={id}
            value={list}
            onChange={onChange}
            placeholder={kind.kind === "tags" ? "Add a tag" : "Type and press Enter"}
            suggestFromBusiness={kind.kind === "tags"}
            invalid={invalid}
            describedBy={describedBy}
          />
        </div>
      );
  }
}
