"use client";

import { ArrowDownIcon, ArrowUpIcon, XIcon } from "lucide-react";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import type { SegmentOp } from "@/server/domain/segments";
import { type ConditionDraft, conditionValueKind } from "./builder-state";
import { useRuleBuilder } from "./rule-builder-context";
import { choicesFor, fieldGroups, opLabel, opsFor } from "./rule-fields";
import { RuleValueInput } from "./rule-value-input";

/*
 * A row's layout by the width of its group (a size container): stacked when narrow (a phone); field and
 * comparison side by side with the value below from 28rem; all on one line from 48rem.
 */
const rowClass =
  "grid min-w-0 gap-2 @md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] @3xl:grid-cols-[minmax(0,11rem)_minmax(0,11rem)_minmax(0,1fr)_auto] @md:items-start";
const cell = {
  field: "min-w-0 @md:col-start-1 @md:row-start-1",
  op: "min-w-0 @md:col-start-2 @md:row-start-1",
  value:
    "min-w-0 @md:col-span-2 @md:col-start-1 @md:row-start-2 @3xl:col-span-1 @3xl:col-start-3 @3xl:row-start-1",
  actions: "@md:col-start-3 @md:row-start-1 @3xl:col-start-4",
  error: "text-sm font-medium text-destructive @md:col-span-full",
};

/** The focusable control that stands for a row when focus moves to it: a condition's field picker. */
export const conditionFocusId = (id: string) => `${id}-field`;

/**
 * One condition: a field picker (built-in fields by group, then custom fields), an operator picker with
 * the operators the field's type takes, the value input that fits the operator, and move up / move down /
 * remove. Side by side when its group is wide enough, stacked on a phone. An error about the row shows
 * under it and marks the control it is about.
 */
export function RuleCondition({
  condition,
  number,
  index,
  count,
}: {
  condition: ConditionDraft;
  /** Its position as people count it ("2", "2.1"), for labels. */
  number: string;
  index: number;
  count: number;
}) {
  const { fields, lookup, members, errors, act } = useRuleBuilder();
  const { id } = condition;
  const field = lookup(condition.field);
  const kind = conditionValueKind(condition, lookup);
  const error = errors[id];
  const errorId = `${id}-error`;
  const label = `Condition ${number}`;
  const ops: readonly SegmentOp[] = field ? opsFor(field.type) : condition.op ? [condition.op] : [];
  const invalidAt = (part: "field" | "op" | "value") =>
    error &&
    (error.part === part || (part === "value" && error.part === "row") || (part === "field" && !kind))
      ? { "aria-invalid": true as const, "aria-describedby": errorId }
      : {};

  return (
    <div className={rowClass}>
      <div className={cell.field}>
        <Label htmlFor={conditionFocusId(id)} className="sr-only">
          {label}: field
        </Label>
        <NativeSelect
          id={conditionFocusId(id)}
          value={condition.field}
          onChange={(e) => act({ type: "setField", nodeId: id, field: e.target.value })}
          {...invalidAt("field")}
        >
          <option value="" disabled>
            Choose a field
          </option>
          {condition.field && !field ? (
            <option value={condition.field}>{condition.field} (no longer exists)</option>
          ) : null}
          {fieldGroups.map((group) => {
            const inGroup = fields.filter((f) => f.group === group);
            return inGroup.length ? (
              <optgroup key={group} label={group}>
                {inGroup.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                  </option>
                ))}
              </optgroup>
            ) : null;
          })}
        </NativeSelect>
      </div>
      <div className={cell.op}>
        <Label htmlFor={`${id}-op`} className="sr-only">
          {label}: comparison
        </Label>
        <NativeSelect
          id={`${id}-op`}
          value={condition.op}
          disabled={!condition.field}
          onChange={(e) => act({ type: "setOp", nodeId: id, op: e.target.value as SegmentOp })}
          {...invalidAt("op")}
        >
          {condition.op ? null : <option value="">Choose a field first</option>}
          {ops.map((op) => (
            <option key={op} value={op}>
              {opLabel(op, field?.type ?? "text")}
            </option>
          ))}
        </NativeSelect>
      </div>
      {kind && kind.kind !== "none" && field ? (
        <div className={cell.value}>
          <RuleValueInput
            id={`${id}-value`}
            label={`${label}: value`}
            kind={kind}
            value={condition.value}
            onChange={(value) => act({ type: "setValue", nodeId: id, value })}
            choices={choicesFor(field, members)}
            invalid={Boolean(invalidAt("value")["aria-invalid"])}
            describedBy={error ? errorId : undefined}
          />
        </div>
      ) : null}
      <div className={cell.actions}>
        <RowActions id={id} label={`condition ${number}`} index={index} count={count} />
      </div>
      {error ? (
        <p id={errorId} className={cell.error}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Move up, move down and remove for a condition or a group, labelled with what they act on
 * ("Move condition 2 up"). Ids `<id>-up`, `<id>-down`, `<id>-remove` let the builder put focus back.
 */
export function RowActions({
  id,
  label,
  index,
  count,
}: {
  id: string;
  label: string;
  index: number;
  count: number;
}) {
  const { act } = useRuleBuilder();
  return (
    <div className="flex shrink-0 items-center justify-end gap-0.5">
      <Button
        id={`${id}-up`}
        type="button"
        variant="ghost"
        size="icon-sm"
        aria-label={`Move ${label} up`}
        disabled={index === 0}
        onClick={() => act({ type: "move", nodeId: id, delta: -1 })}
      >
        <ArrowUpIcon aria-hidden="true" />
      </Button>
      <Button
        id={`${id}-down`}
        type="button"
        variant="ghost"
        size="icon-sm"
        aria-label={`Move ${label} down`}
        disabled={index === count - 1}
        onClick={() => act({ type: "move", nodeId: id, delta: 1 })}
      >
        <ArrowDownIcon aria-hidden="true" />
      </Button>
      <Button
        id={`${id}-remove`}
        type="button"
        variant="ghost"
        size="icon-sm"
        aria-label={`Remove ${label}`}
        onClick={() => act({ type: "remove", nodeId: id })}
      >
        <XIcon aria-hidden="true" />
      </Button>
    </div>
  );
}
