import { describe, expect, it } from "vitest";
import { applyBuilderAction, type BuilderAction } from "@/components/segments/builder-actions";
import {
  type BuilderState,
  builderStateFromRules,
  type ConditionDraft,
  emptyBuilderState,
  fieldLookup,
  type GroupDraft,
  rowErrorsFrom,
  rulesFromDraft,
} from "@/components/segments/builder-state";
import { choicesFor, opLabel, opsFor, ruleFields, valueKind } from "@/components/segments/rule-fields";
import {
  builtInSegmentFields,
  opsByFieldType,
  parseSegmentRules,
  SEGMENT_LIMITS,
  segmentValueSchema,
} from "@/server/domain/segments";

const customFields = [
  { key: "branch", label: "Branch", type: "single_select" as const, options: ["North", "South"] },
  { key: "spend", label: "Total spend", type: "currency" as const, options: [] },
  { key: "visits", label: "Visits", type: "number" as const, options: [] },
  { key: "joined", label: "Joined", type: "date" as const, options: [] },
  { key: "vip", label: "VIP", type: "boolean" as const, options: [] },
];
const fields = ruleFields(customFields, 2);
const lookup = fieldLookup(fields);
const serverFields = customFields.map((f) => ({ key: f.key, type: f.type }));

function run(state: BuilderState, ...actions: BuilderAction[]): BuilderState {
  return actions.reduce((s, a) => applyBuilderAction(s, a, lookup), state);
}
const conditionAt = (g: GroupDraft, i: number) => g.nodes[i] as ConditionDraft;
const groupAt = (g: GroupDraft, i: number) => g.nodes[i] as GroupDraft;

describe("ruleFields", () => {
  it("lists every built-in field in its group order, then the custom fields", () => {
    expect(fields.filter((f) => f.group !== "Custom fields").map((f) => f.field)).toHaveLength(
      Object.keys(builtInSegmentFields).length,
    );
    const groups = fields.map((f) => f.group);
    expect([...new Set(groups)]).toEqual([
      "Contact",
      "Profile",
      "Dates",
      "Consent",
      "Activity",
      "Purchases",
      "Custom fields",
    ]);
    expect(lookup("totalSpent")).toMatchObject({ label: "Total spent", type: "number", scale: 100 });
    expect(lookup("dateOfBirth")).toMatchObject({ label: "Birthday", type: "yearly", group: "Dates" });
    expect(lookup("custom.branch")).toMatchObject({ type: "select", options: ["North", "South"] });
    expect(lookup("custom.spend")).toMatchObject({ type: "number", scale: 100 });
  });

  it("has words for every operator of every field type, and a value input the schema agrees with", () => {
    for (const [type, ops] of Object.entries(opsByFieldType)) {
      for (const op of ops) {
        const t = type as keyof typeof opsByFieldType;
        expect(opLabel(op, t)).toMatch(/^[a-zN ]+$/);
        const kind = valueKind(t, op);
        expect(kind.kind === "none", `${type} ${op}`).toBe(segmentValueSchema(t, op) === null);
      }
    }
    expect(opLabel("gt", "yearly")).toBe("is after");
    expect(opLabel("gt", "number")).toBe("is more than");
    expect(opLabel("has_any", "tags")).toBe("has any of");
    expect(opsFor("tags")).toEqual(opsByFieldType.tags);
  });

  it("offers the members as owners and the options of a select field", () => {
    const members = [{ userId: "u1", name: "Asha", email: "asha@example.com" }];
    expect(choicesFor(lookup("ownerId")!, members)).toEqual([{ value: "u1", label: "Asha" }]);
    expect(choicesFor(lookup("custom.branch")!, []).map((c) => c.value)).toEqual(["North", "South"]);
    expect(choicesFor(lookup("consent.email")!, []).map((c) => c.label)).toEqual([
      "Agreed",
      "Declined",
      "Not asked",
    ]);
  });
});

describe("builder actions and rulesFromDraft", () => {
  it("builds tag vip AND (city is Pune OR birthday in the next 30 days)", () => {
    let s = run(emptyBuilderState(), { type: "addCondition", groupId: "n0" });
    const tag = conditionAt(s.root, 0).id;
    s = run(
      s,
      { type: "setField", nodeId: tag, field: "tags" },
      { type: "setValue", nodeId: tag, value: ["vip"] },
      { type: "addGroup", groupId: "n0" },
    );
    const group = groupAt(s.root, 1);
    expect(group.match).toBe("any");
    const city = conditionAt(group, 0).id;
    s = run(
      s,
      { type: "setField", nodeId: city, field: "city" },
      { type: "setValue", nodeId: city, value: "Pune" },
      { type: "addCondition", groupId: group.id },
    );
    const birthday = conditionAt(groupAt(s.root, 1), 1).id;
    s = run(s, { type: "setField", nodeId: birthday, field: "dateOfBirth" });
    expect(conditionAt(groupAt(s.root, 1), 1).op).toBe("in_next_days");

    // The birthday row has no value yet: it is left out, and named as unfinished.
    let out = rulesFromDraft(s.root, lookup);
    expect(out.rules).toEqual({
      match: "all",
      conditions: [
        { field: "tags", op: "has_any", value: ["vip"] },
        { match: "any", conditions: [{ field: "city", op: "eq", value: "Pune" }] },
      ],
    });
    expect(out.incomplete).toEqual({ [birthday]: { message: "Enter a number of days.", part: "value" } });

    s = run(s, { type: "setValue", nodeId: birthday, value: "30" });
    out = rulesFromDraft(s.root, lookup);
    expect(out.incomplete).toEqual({});
    expect(out.rules.conditions[1]).toEqual({
      match: "any",
      conditions: [
        { field: "city", op: "eq", value: "Pune" },
        { field: "dateOfBirth", op: "in_next_days", value: 30 },
      ],
    });
    expect(parseSegmentRules(out.rules, serverFields).errors).toBeUndefined();
    expect(out.paths).toEqual({
      "": "n0",
      "conditions[0]": tag,
      "conditions[1]": group.id,
      "conditions[1].conditions[0]": city,
      "conditions[1].conditions[1]": birthday,
    });
  });

  it("round-trips saved rules, scaling amounts and keeping ids stable", () => {
    const rules = {
      match: "any",
      conditions: [
        { field: "custom.spend", op: "between", value: [50000, 125050] },
        { field: "custom.vip", op: "eq", value: true },
        { field: "lifecycleStage", op: "in", value: ["lead", "prospect"] },
        { field: "createdAt", op: "gte", value: "2024-01-05T10:00:00+05:30" },
        {
          match: "all",
          conditions: [
            { field: "dateOfBirth", op: "month_is", value: "current" },
            { field: "email", op: "is_not_empty" },
            { field: "custom.visits", op: "in", value: [1, 2.5] },
          ],
        },
      ],
    };
    const state = builderStateFromRules(rules, lookup);
    expect(state.nextId).toBe(9);
    expect(conditionAt(state.root, 0).value).toEqual(["500", "1250.5"]);
    expect(conditionAt(state.root, 1).value).toBe("true");
    expect(conditionAt(state.root, 3).value).toBe("2024-01-05");
    expect(builderStateFromRules(rules, lookup)).toEqual(state);

    const back = rulesFromDraft(state.root, lookup).rules;
    expect(back).toEqual({
      ...rules,
      conditions: rules.conditions.map((c, i) => (i === 3 ? { ...c, value: "2024-01-05" } : c)),
    });
  });

  it("keeps a fitting operator and value when the field changes, else starts over", () => {
    let s = run(emptyBuilderState(), { type: "addCondition", groupId: "n0" });
    const id = conditionAt(s.root, 0).id;
    s = run(
      s,
      { type: "setField", nodeId: id, field: "city" },
      { type: "setValue", nodeId: id, value: "Pune" },
    );
    s = run(s, { type: "setField", nodeId: id, field: "country" });
    expect(conditionAt(s.root, 0)).toMatchObject({ op: "eq", value: "Pune" });
    s = run(s, { type: "setField", nodeId: id, field: "lifecycleStage" });
    expect(conditionAt(s.root, 0)).toMatchObject({ op: "eq", value: "" });
    s = run(s, { type: "setValue", nodeId: id, value: "lead" }, { type: "setOp", nodeId: id, op: "in" });
    expect(conditionAt(s.root, 0)).toMatchObject({ op: "in", value: ["lead"] });
    s = run(s, { type: "setOp", nodeId: id, op: "eq" });
    expect(conditionAt(s.root, 0).value).toBe("lead");
    s = run(s, { type: "setField", nodeId: id, field: "tags" });
    expect(conditionAt(s.root, 0)).toMatchObject({ op: "has_any", value: [] });
  });

  it("moves, removes and nests no deeper than the limit", () => {
    let s = run(
      emptyBuilderState(),
      { type: "addCondition", groupId: "n0" },
      { type: "addCondition", groupId: "n0" },
    );
    const [a, b] = s.root.nodes.map((n) => n.id);
    s = run(s, { type: "move", nodeId: b!, delta: -1 });
    expect(s.root.nodes.map((n) => n.id)).toEqual([b, a]);
    expect(run(s, { type: "move", nodeId: b!, delta: -1 })).toEqual(s);
    s = run(s, { type: "remove", nodeId: b! });
    expect(s.root.nodes.map((n) => n.id)).toEqual([a]);

    let groupId = "n0";
    for (let depth = 1; depth <= SEGMENT_LIMITS.depth + 1; depth++) {
      const next = run(s, { type: "addGroup", groupId });
      if (depth > SEGMENT_LIMITS.depth) {
        expect(next).toBe(s);
        break;
      }
      s = next;
      let g = s.root;
      for (let i = 1; i < depth; i++) g = g.nodes.find((n) => n.kind === "group") as GroupDraft;
      groupId = (g.nodes.find((n) => n.kind === "group") as GroupDraft).id;
    }
  });

  it("leaves out empty groups and names unfinished rows", () => {
    let s = run(emptyBuilderState(), { type: "addGroup", groupId: "n0" });
    const group = groupAt(s.root, 0);
    s = run(s, { type: "remove", nodeId: conditionAt(group, 0).id });
    const out = rulesFromDraft(s.root, lookup);
    expect(out.rules).toEqual({ match: "all", conditions: [] });
    expect(out.incomplete).toEqual({
      [group.id]: { message: "Add a condition to this group or remove it.", part: "row" },
    });
  });
});

describe("rowErrorsFrom", () => {
  const paths = {
    "": "n0",
    "conditions[0]": "n1",
    "conditions[1]": "n2",
    "conditions[1].conditions[0]": "n3",
    "conditions[10]": "n9",
  };

  it("puts each rules error on the row its path names, with the part it is about", () => {
    const { byRow, other } = rowErrorsFrom(
      {
        name: "A segment with this name exists.",
        "rules.conditions[1].conditions[0].value[1]": "Invalid date",
        "rules.conditions[1].match": 'Use "all" or "any".',
        "rules.conditions[10].op": "Unknown operator.",
        "rules.conditions[0].field": 'This business has no custom field "gone".',
        "rules.conditions": "Too many.",
      },
      paths,
    );
    expect(byRow).toEqual({
      n3: { message: "Invalid date", part: "value" },
      n2: { message: 'Use "all" or "any".', part: "match" },
      n9: { message: "Unknown operator.", part: "op" },
      n1: { message: 'This business has no custom field "gone".', part: "field" },
    });
    expect(other).toEqual(["Too many."]);
  });

  it("reads zod's dotted indexes and keeps unknown paths as general messages", () => {
    const { byRow, other } = rowErrorsFrom(
      { "rules.conditions.1.conditions.0": "Expected a condition.", "rules.conditions[7].op": "Gone." },
      paths,
    );
    expect(byRow).toEqual({ n3: { message: "Expected a condition.", part: "row" } });
    expect(other).toEqual(["Gone."]);
  });
});
