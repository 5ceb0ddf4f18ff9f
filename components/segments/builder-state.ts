import { type SegmentNode, type SegmentOp, type SegmentRules, segmentOps } from "@/server/domain/segments";
import { type RuleField, type ValueKind, valueKind } from "./rule-fields";

/*
 * The rule builder's state: a tree of groups and conditions as the user edits them, and the mapping to
 * and from the rules JSON. A condition's value is kept as typed (strings, lists of strings; `between` as
 * `[from, to]`), so a half-typed row is never lost; `rulesFromDraft` turns the finished rows into rules,
 * leaves the unfinished ones out and remembers which rule path each row became, so the server's errors
 * (`rules.conditions[1].conditions[0].value`) can be shown at their row. Pure: no React.
 */

/** A value as typed: one string, or a list (`between` holds `[from, to]`). */
export type DraftValue = string | string[];

export interface ConditionDraft {
  kind: "condition";
  id: string;
  /** The rules' field, or "" before one is chosen. */
  field: string;
  /** "" before a field is chosen. */
  op: SegmentOp | "";
  value: DraftValue;
}

export interface GroupDraft {
  kind: "group";
  id: string;
  match: "all" | "any";
  nodes: NodeDraft[];
}

export type NodeDraft = ConditionDraft | GroupDraft;

/** The tree and the number of the next node id (ids are `n0`, `n1`…, the same on the server and the browser). */
export interface BuilderState {
  root: GroupDraft;
  nextId: number;
}

/** Finds a field by its rules name; undefined for one the business no longer has. */
export type FieldLookup = (field: string) => RuleField | undefined;

/** A `FieldLookup` over a list of fields. */
export function fieldLookup(fields: readonly RuleField[]): FieldLookup {
  const byName = new Map(fields.map((f) => [f.field, f]));
  return (field) => byName.get(field);
}

/** The value input a condition shows; undefined until it has a field and an operator. */
export function conditionValueKind(c: ConditionDraft, lookup: FieldLookup): ValueKind | undefined {
  if (!c.field || !c.op) return undefined;
  return valueKind(lookup(c.field)?.type ?? "text", c.op);
}

/** The empty value of an input kind. */
export function emptyValue(kind: ValueKind | undefined): DraftValue {
  switch (kind?.kind) {
    case "between":
      return ["", ""];
    case "choices":
    case "tags":
    case "list":
      return [];
    default:
      return "";
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A stored scalar as the input shows it: numbers unscaled, moments as their calendar day. */
function typed(value: unknown, kind: ValueKind, scale: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return String(value / scale);
  const text = String(value);
  const date = kind.kind === "date" || (kind.kind === "between" && kind.input === "date");
  return date && /^\d{4}-\d{2}-\d{2}T/.test(text) ? text.slice(0, 10) : text;
}

function draftValueOf(value: unknown, kind: ValueKind | undefined, scale: number): DraftValue {
  if (!kind || kind.kind === "none") return "";
  const empty = emptyValue(kind);
  if (Array.isArray(empty)) {
    if (!Array.isArray(value)) return empty;
    const listScale = kind.kind === "list" && kind.input === "number" ? scale : 1;
    return value.map((v) => typed(v, kind, kind.kind === "between" ? scale : listScale));
  }
  return typed(value, kind, kind.kind === "number" ? scale : 1);
}

/**
 * The builder's state for saved rules (any JSON of the rules' shape: a field the business no longer
 * has stays, so the user sees it and the server names the problem). Ids are given in document order.
 */
export function builderStateFromRules(rules: unknown, lookup: FieldLookup): BuilderState {
  let next = 0;
  const id = () => `n${next++}`;
  const group = (raw: Record<string, unknown>): GroupDraft => ({
    kind: "group",
    id: id(),
    match: raw.match === "any" ? "any" : "all",
    nodes: (Array.isArray(raw.conditions) ? raw.conditions : []).filter(isPlainObject).map(node),
  });
  const node = (raw: Record<string, unknown>): NodeDraft => {
    if (Array.isArray(raw.conditions)) return group(raw);
    const field = typeof raw.field === "string" ? raw.field : "";
    const op = (segmentOps as readonly unknown[]).includes(raw.op) ? (raw.op as SegmentOp) : "";
    const draft: ConditionDraft = { kind: "condition", id: id(), field, op, value: "" };
    draft.value = draftValueOf(raw.value, conditionValueKind(draft, lookup), lookup(field)?.scale ?? 1);
    return draft;
  };
  const root = group(isPlainObject(rules) ? rules : {});
  return { root, nextId: next };
}

/** A new builder with no conditions (matches every customer). */
export function emptyBuilderState(): BuilderState {
  return { root: { kind: "group", id: "n0", match: "all", nodes: [] }, nextId: 1 };
}

type Converted = { value?: unknown } | { missing: string };

function number(text: string, scale: number): number | undefined {
  if (!text.trim()) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return scale === 1 ? n : Math.round(n * scale);
}

/** A typed value as the rules store it, or what is missing. */
function ruleValueOf(value: DraftValue, kind: ValueKind, field: RuleField | undefined): Converted {
  const scale = field?.scale ?? 1;
  const text = typeof value === "string" ? value.trim() : "";
  const list = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : [];
  switch (kind.kind) {
    case "none":
      return {};
    case "text":
      return text ? { value: text } : { missing: "Enter a value." };
    case "number": {
      const n = number(text, scale);
      return n === undefined ? { missing: "Enter a number." } : { value: n };
    }
    case "date":
      return text ? { value: text } : { missing: "Choose a date." };
    case "between": {
      const [from = "", to = ""] = Array.isArray(value) ? value : [];
      if (kind.input === "date") {
        return from && to ? { value: [from, to] } : { missing: "Choose both dates." };
      }
      const a = number(from, scale);
      const b = number(to, scale);
      return a === undefined || b === undefined ? { missing: "Enter both numbers." } : { value: [a, b] };
    }
    case "days": {
      const n = number(text, 1);
      return n === undefined ? { missing: "Enter a number of days." } : { value: n };
    }
    case "month":
      if (!text) return { missing: "Choose a month." };
      return { value: text === "current" ? "current" : Number(text) };
    case "choice":
      if (!text) return { missing: "Choose one." };
      if (field?.type === "boolean" || field?.type === "flag") return { value: text === "true" };
      return { value: text };
    case "choices":
      return list.length ? { value: list } : { missing: "Choose at least one." };
    case "tags":
      return list.length ? { value: list } : { missing: "Add at least one tag." };
    case "list": {
      if (!list.length) return { missing: "Add at least one value." };
      if (kind.input === "text") return { value: list };
      const numbers = list.map((v) => number(v, scale));
      return numbers.some((n) => n === undefined)
        ? { missing: "Use numbers only." }
        : { value: numbers as number[] };
    }
  }
}

/** Which part of a row an error is about. */
export type RowPart = "field" | "op" | "value" | "match" | "row";

export interface RowError {
  message: string;
  part: RowPart;
}

/** Rules made from the builder's finished rows (see `rulesFromDraft`). */
export interface DraftRules {
  rules: SegmentRules;
  /** Rule path (`conditions[1].conditions[0]`; "" for the top group) → the id of the row that wrote it. */
  paths: Record<string, string>;
  /** Rows left out because they are not finished, by id, in document order, with what is missing. */
  incomplete: Record<string, RowError>;
}

/**
 * The rules JSON of the builder's tree. Unfinished conditions (no field yet, no value yet) and groups left
 * with no finished condition are left out, so the rest can be previewed; `incomplete` names the rows left
 * out and `paths` where each kept row went.
 */
export function rulesFromDraft(root: GroupDraft, lookup: FieldLookup): DraftRules {
  const paths: Record<string, string> = { "": root.id };
  const incomplete: Record<string, RowError> = {};
  const group = (g: GroupDraft, path: string): SegmentRules => {
    const conditions: SegmentNode[] = [];
    for (const n of g.nodes) {
      const at = `${path ? `${path}.` : ""}conditions[${conditions.length}]`;
      if (n.kind === "group") {
        // A group whose rows are all unfinished records no path below it, so it can simply be left out.
        const inner = group(n, at);
        if (inner.conditions.length) {
          conditions.push(inner);
          paths[at] = n.id;
        } else if (!n.nodes.length) {
          incomplete[n.id] = { message: "Add a condition to this group or remove it.", part: "row" };
        }
        continue;
      }
      if (!n.field) {
        incomplete[n.id] = { message: "Choose a field.", part: "field" };
        continue;
      }
      const kind = conditionValueKind(n, lookup);
      if (!kind || !n.op) {
        incomplete[n.id] = { message: "Choose how to compare.", part: "op" };
        continue;
      }
      const converted = ruleValueOf(n.value, kind, lookup(n.field));
      if ("missing" in converted) {
        incomplete[n.id] = { message: converted.missing, part: "value" };
        continue;
      }
      conditions.push(
        "value" in converted && converted.value !== undefined
          ? { field: n.field, op: n.op, value: converted.value }
          : { field: n.field, op: n.op },
      );
      paths[at] = n.id;
    }
    return { match: g.match, conditions };
  };
  return { rules: group(root, ""), paths, incomplete };
}

/**
 * The server's field errors about rules, put on the rows they name. Input: the error's field errors
 * (`rules.conditions[1].conditions[0].op` → message; zod's `rules.conditions.3` form too) and the `paths`
 * of the rules that were sent. Output: errors by row id, and the messages about the rules as a whole
 * (or a row no longer there). Keys that are not about rules (`name`) are ignored.
 */
export function rowErrorsFrom(
  fieldErrors: Record<string, string>,
  paths: Record<string, string>,
): { byRow: Record<string, RowError>; other: string[] } {
  const byRow: Record<string, RowError> = {};
  const other: string[] = [];
  const known = Object.keys(paths)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  for (const [key, message] of Object.entries(fieldErrors)) {
    if (key !== "rules" && !key.startsWith("rules.")) continue;
    const rest = key
      .slice("rules".length)
      .replace(/^\./, "")
      .replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    const path = known.find((p) => rest === p || rest.startsWith(`${p}.`) || rest.startsWith(`${p}[`));
    const id = path === undefined ? undefined : paths[path];
    if (path === undefined || !id) {
      other.push(message);
      continue;
    }
    const tail = rest.slice(path.length).replace(/^\./, "");
    const part: RowPart = tail.startsWith("field")
      ? "field"
      : tail.startsWith("op")
        ? "op"
        : tail.startsWith("value")
          ? "value"
          : tail.startsWith("match")
            ? "match"
            : "row";
    byRow[id] ??= { message, part };
  }
  return { byRow, other };
}
