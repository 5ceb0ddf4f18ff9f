import { SEGMENT_LIMITS, type SegmentOp } from "@/server/domain/segments";
import {
  type BuilderState,
  type ConditionDraft,
  conditionValueKind,
  type DraftValue,
  emptyValue,
  type FieldLookup,
  type GroupDraft,
  type NodeDraft,
} from "./builder-state";
import { opsFor, type RuleField, type ValueKind } from "./rule-fields";

/*
 * The changes a user makes to the rule builder's tree (add, remove, move, nest, pick a field, an
 * operator, a value) as one pure function, `applyBuilderAction`, and the limits it keeps
 * (`SEGMENT_LIMITS.depth` and `.nodes`).
 */

/** The node with this id, or undefined. */
export function findNode(g: GroupDraft, id: string): NodeDraft | undefined {
  if (g.id === id) return g;
  for (const n of g.nodes) {
    if (n.id === id) return n;
    if (n.kind === "group") {
      const found = findNode(n, id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Conditions and groups in the tree, the top group not counted (`SEGMENT_LIMITS.nodes` caps it). */
export function countNodes(g: GroupDraft): number {
  return g.nodes.reduce((sum, n) => sum + 1 + (n.kind === "group" ? countNodes(n) : 0), 0);
}

/** Whether a group at `depth` (the top group is 0) may hold another group. */
export function canNestGroupAt(depth: number): boolean {
  return depth + 1 <= SEGMENT_LIMITS.depth;
}

/** A change the user makes in the builder. */
export type BuilderAction =
  | { type: "addCondition"; groupId: string }
  | { type: "addGroup"; groupId: string }
  | { type: "remove"; nodeId: string }
  | { type: "move"; nodeId: string; delta: -1 | 1 }
  | { type: "setMatch"; groupId: string; match: "all" | "any" }
  | { type: "setField"; nodeId: string; field: string }
  | { type: "setOp"; nodeId: string; op: SegmentOp }
  | { type: "setValue"; nodeId: string; value: DraftValue }
  | { type: "replace"; state: BuilderState };

/** The operator a newly chosen field starts with (dates look back or ahead by default). */
function defaultOp(field: RuleField): SegmentOp {
  if (field.type === "instant") return "in_last_days";
  if (field.type === "yearly") return "in_next_days";
  return opsFor(field.type)[0] as SegmentOp;
}

const sameKind = (a: ValueKind | undefined, b: ValueKind | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Carries a value over to another input kind where it still means something, else empties it. */
function carryValue(value: DraftValue, from: ValueKind | undefined, to: ValueKind | undefined): DraftValue {
  if (sameKind(from, to)) return value;
  const single = typeof value === "string" ? value : "";
  const list = Array.isArray(value) ? value : [];
  if (from?.kind === "choice" && to?.kind === "choices") return single ? [single] : [];
  if (from?.kind === "choices" && to?.kind === "choice") return list[0] ?? "";
  if (from?.kind === "text" && to?.kind === "list") return single.trim() ? [single.trim()] : [];
  if (from?.kind === "list" && to?.kind === "text") return list[0] ?? "";
  return emptyValue(to);
}

function updateCondition(
  g: GroupDraft,
  id: string,
  change: (c: ConditionDraft) => ConditionDraft,
): GroupDraft {
  return {
    ...g,
    nodes: g.nodes.map((n) =>
      n.kind === "group" ? updateCondition(n, id, change) : n.id === id ? change(n) : n,
    ),
  };
}

function updateGroup(g: GroupDraft, id: string, change: (g: GroupDraft) => GroupDraft): GroupDraft {
  if (g.id === id) return change(g);
  return { ...g, nodes: g.nodes.map((n) => (n.kind === "group" ? updateGroup(n, id, change) : n)) };
}

/** The group that holds `id`, or undefined. */
export function parentOf(g: GroupDraft, id: string): GroupDraft | undefined {
  for (const n of g.nodes) {
    if (n.id === id) return g;
    if (n.kind === "group") {
      const found = parentOf(n, id);
      if (found) return found;
    }
  }
  return undefined;
}

const newCondition = (id: string): ConditionDraft => ({
  kind: "condition",
  id,
  field: "",
  op: "",
  value: "",
});

/**
 * The builder after one change. `setField` keeps the operator and value while they still fit the new
 * field, else starts from the field's usual operator; `setOp` carries the value over where it fits;
 * a new group starts with one condition and the opposite match of its parent ("any" inside "all").
 * `addGroup` past `SEGMENT_LIMITS.depth` and adding past `SEGMENT_LIMITS.nodes` change nothing.
 */
export function applyBuilderAction(
  state: BuilderState,
  action: BuilderAction,
  lookup: FieldLookup,
): BuilderState {
  const { root, nextId } = state;
  switch (action.type) {
    case "replace":
      return action.state;
    case "addCondition":
      if (countNodes(root) >= SEGMENT_LIMITS.nodes) return state;
      return {
        root: updateGroup(root, action.groupId, (g) => ({
          ...g,
          nodes: [...g.nodes, newCondition(`n${nextId}`)],
        })),
        nextId: nextId + 1,
      };
    case "addGroup": {
      if (countNodes(root) + 2 > SEGMENT_LIMITS.nodes) return state;
      if (!canNestGroupAt(depthOf(root, action.groupId))) return state;
      return {
        root: updateGroup(root, action.groupId, (g) => ({
          ...g,
          nodes: [
            ...g.nodes,
            {
              kind: "group",
              id: `n${nextId}`,
              match: g.match === "all" ? "any" : "all",
              nodes: [newCondition(`n${nextId + 1}`)],
            },
          ],
        })),
        nextId: nextId + 2,
      };
    }
    case "remove": {
      const parent = parentOf(root, action.nodeId);
      if (!parent) return state;
      return {
        root: updateGroup(root, parent.id, (g) => ({
          ...g,
          nodes: g.nodes.filter((n) => n.id !== action.nodeId),
        })),
        nextId,
      };
    }
    case "move": {
      const parent = parentOf(root, action.nodeId);
      if (!parent) return state;
      const from = parent.nodes.findIndex((n) => n.id === action.nodeId);
      const to = from + action.delta;
      if (to < 0 || to >= parent.nodes.length) return state;
      return {
        root: updateGroup(root, parent.id, (g) => {
          const nodes = [...g.nodes];
          [nodes[from], nodes[to]] = [nodes[to] as NodeDraft, nodes[from] as NodeDraft];
          return { ...g, nodes };
        }),
        nextId,
      };
    }
    case "setMatch":
      return { root: updateGroup(root, action.groupId, (g) => ({ ...g, match: action.match })), nextId };
    case "setField":
      return {
        root: updateCondition(root, action.nodeId, (c) => {
          const field = lookup(action.field);
          if (!field) return { ...c, field: action.field, op: "", value: "" };
          const before = conditionValueKind(c, lookup);
          const keepOp = c.op && opsFor(field.type).includes(c.op) ? c.op : "";
          const op = keepOp || defaultOp(field);
          const next = { ...c, field: action.field, op };
          const after = conditionValueKind(next, lookup);
          const choiceValues = after?.kind === "choice" || after?.kind === "choices";
          const keepValue = keepOp && sameKind(before, after) && (!choiceValues || c.field === action.field);
          return { ...next, value: keepValue ? c.value : emptyValue(after) };
        }),
        nextId,
      };
    case "setOp":
      return {
        root: updateCondition(root, action.nodeId, (c) => {
          const next = { ...c, op: action.op };
          return {
            ...next,
            value: carryValue(c.value, conditionValueKind(c, lookup), conditionValueKind(next, lookup)),
          };
        }),
        nextId,
      };
    case "setValue":
      return { root: updateCondition(root, action.nodeId, (c) => ({ ...c, value: action.value })), nextId };
  }
}

/** How many groups hold the group `id` (the top group is 0); -1 when it is not in the tree. */
export function depthOf(g: GroupDraft, id: string, depth = 0): number {
  if (g.id === id) return depth;
  for (const n of g.nodes) {
    if (n.kind !== "group") continue;
    const found = depthOf(n, id, depth + 1);
    if (found >= 0) return found;
  }
  return -1;
}
