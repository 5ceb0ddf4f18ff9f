"use client";

import { ListPlusIcon, PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";
import { canNestGroupAt } from "./builder-actions";
import type { GroupDraft, NodeDraft } from "./builder-state";
import { useRuleBuilder } from "./rule-builder-context";
import { RowActions, RuleCondition } from "./rule-condition";

/** The control that stands for a group when focus moves to it: its checked All / Any choice. */
export const groupFocusId = (group: GroupDraft) => `${group.id}-match-${group.match}`;

/**
 * A group of conditions: the All / Any choice (radio buttons: arrow keys switch), its conditions and
 * nested groups with "and" / "or" between them, and Add condition / Add group (offered while the
 * nesting stays within `SEGMENT_LIMITS.depth`). The top group (`depth` 0) is the segment's rules; a
 * nested one is boxed and can be moved or removed like a condition. Each group is a size container, so
 * its rows stack when it is narrow (a phone, or deep nesting).
 */
export function RuleGroup({
  group,
  depth,
  number,
  index = 0,
  count = 1,
}: {
  group: GroupDraft;
  depth: number;
  /** Its position as people count it ("2", "2.1"); "" for the top group. */
  number: string;
  index?: number;
  count?: number;
}) {
  const { errors, canAdd, act } = useRuleBuilder();
  const top = depth === 0;
  const name = top ? "Rules" : `Group ${number}`;
  const error = errors[group.id];
  const errorId = `${group.id}-error`;
  const joiner = group.match === "all" ? "and" : "or";
  const inGroup = top ? "" : ` to group ${number}`;

  return (
    <fieldset
      className={cn("@container grid min-w-0 gap-3", !top && "rounded-lg border bg-muted/40 p-3")}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="sr-only">{name}</legend>
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          {top ? null : <span className="text-sm font-medium">{name}:</span>}
          <span className="text-sm">{top ? "Customers who match" : "Match"}</span>
          <MatchSwitch group={group} name={name} />
          <span className="text-sm">of {top ? "these conditions" : "these"}</span>
        </div>
        {top ? null : (
          <div className="ml-auto">
            <RowActions id={group.id} label={`group ${number}`} index={index} count={count} />
          </div>
        )}
      </div>
      {error ? (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {error.message}
        </p>
      ) : null}
      {group.nodes.length ? (
        <ol className="grid min-w-0 gap-2">
          {group.nodes.map((node, i) => (
            <li key={node.id} className="grid min-w-0 gap-2">
              {i > 0 ? (
                <span className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
                  {joiner}
                </span>
              ) : null}
              <RuleNode
                node={node}
                depth={depth}
                number={`${number ? `${number}.` : ""}${i + 1}`}
                index={i}
                count={group.nodes.length}
              />
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted-foreground">
          {top ? "No conditions yet." : "This group has no conditions yet."}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          id={`${group.id}-add-condition`}
          type="button"
          variant="outline"
          size="sm"
          disabled={!canAdd.condition}
          aria-label={`Add condition${inGroup}`}
          onClick={() => act({ type: "addCondition", groupId: group.id })}
        >
          <PlusIcon aria-hidden="true" />
          Add condition
        </Button>
        {canNestGroupAt(depth) ? (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            disabled={!canAdd.group}
            aria-label={`Add group${inGroup}`}
            onClick={() => act({ type: "addGroup", groupId: group.id })}
          >
            <ListPlusIcon aria-hidden="true" />
            Add group
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

function RuleNode({
  node,
  depth,
  number,
  index,
  count,
}: {
  node: NodeDraft;
  depth: number;
  number: string;
  index: number;
  count: number;
}) {
  return node.kind === "group" ? (
    <RuleGroup group={node} depth={depth + 1} number={number} index={index} count={count} />
  ) : (
    <RuleCondition condition={node} number={number} index={index} count={count} />
  );
}

/** All / Any as two radio buttons styled as one switch. */
function MatchSwitch({ group, name }: { group: GroupDraft; name: string }) {
  const { act } = useRuleBuilder();
  return (
    <div
      role="radiogroup"
      aria-label={`${name}: customers must match`}
      className="inline-flex rounded-md border bg-background p-0.5"
    >
      {(["all", "any"] as const).map((match) => (
        <label key={match} className="relative">
          <input
            id={`${group.id}-match-${match}`}
            type="radio"
            name={`${group.id}-match`}
            value={match}
            checked={group.match === match}
            onChange={() => act({ type: "setMatch", groupId: group.id, match })}
            className="peer sr-only"
          />
          <span
            className={cn(
              "block cursor-pointer rounded px-3 py-1 text-sm font-medium text-muted-foreground",
              "peer-checked:bg-primary peer-checked:text-primary-foreground",
              "peer-focus-visible:ring-2 peer-focus-visible:ring-ring peer-focus-visible:ring-offset-1",
            )}
          >
            {match === "all" ? "All" : "Any"}
          </span>
        </label>
      ))}
    </div>
  );
}
