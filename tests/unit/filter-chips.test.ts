import { describe, expect, it } from "vitest";
import { countFilters, filterChips } from "@/components/customers/list/list-state";

const names = {
  stage: (s: string) => ({ lead: "Lead", customer: "Customer" })[s] ?? s,
  member: (id: string) => (id === "u1" ? "Asha" : "Former member"),
  customField: (key: string) => (key === "size" ? "Shoe size" : key),
};

describe("filterChips", () => {
  it("names each active condition, and removing one leaves the others", () => {
    const panel = {
      tags: { any: ["vip", "gold"], none: ["spam"] },
      lifecycleStages: ["lead", "customer"] as ("lead" | "customer")[],
      ownerIds: ["u1"],
      unassigned: true,
      hasEmail: true,
      hasWhatsapp: false,
      consent: { whatsapp: "granted" as const },
      birthday: { within: "next_days" as const, days: 7 },
      customFields: [{ key: "size", op: "equals" as const, value: 42 }],
    };
    const chips = filterChips(panel, names);
    expect(chips.map((c) => c.label)).toEqual([
      "Tag: vip or gold",
      "Without tag: spam",
      "Stage: Lead or Customer",
      "Owner: Asha or Unassigned",
      "Has email",
      "No WhatsApp",
      "WhatsApp consent: granted",
      "Birthday in the next 7 days",
      "Shoe size is 42",
    ]);
    expect(chips.length).toBe(countFilters(panel));
    const withoutTag = chips[0]!.without;
    expect(withoutTag.tags).toEqual({ none: ["spam"] });
    expect(countFilters(withoutTag)).toBe(countFilters(panel) - 1);
    const withoutSize = chips.at(-1)!.without;
    expect(withoutSize.customFields).toBeUndefined();
    expect(withoutSize.hasEmail).toBe(true);
  });

  it("has no chips for an empty filter", () => {
    expect(filterChips({}, names)).toEqual([]);
  });
});

describe("a segment in the list's URL", () => {
  const id = "3f1c2b9e-8a4d-4c57-9f1e-2d6b7a8c9d0e";
  it("`?segment=<id>` filters by the segment, shows a named chip, and is written back as the filter", async () => {
    const { listSearchParams, parseListParams } = await import("@/components/customers/list/list-state");
    const state = parseListParams(new URLSearchParams({ segment: id, q: "asha" }));
    expect(state.panel).toEqual({ segmentId: id });
    expect(countFilters(state.panel)).toBe(1);
    const chips = filterChips(state.panel, { ...names, segment: () => "VIP in Pune" });
    expect(chips.map((c) => c.label)).toEqual(["Segment: VIP in Pune"]);
    expect(chips[0]!.without).toEqual({});
    // The URL the list writes owns `segment`: the segment lives in `filter` from then on.
    const written = listSearchParams(state, new URLSearchParams({ segment: id, utm: "x" }));
    expect(written.get("segment")).toBeNull();
    expect(JSON.parse(written.get("filter")!)).toEqual({ segmentId: id });
    expect(written.get("utm")).toBe("x");
    expect(parseListParams(new URLSearchParams({ segment: "not-an-id" })).panel).toEqual({});
  });
});
