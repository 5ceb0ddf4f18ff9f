import { describe, expect, it } from "vitest";
import {
  abFieldOf,
  abTestExplanation,
  abTestFromSaved,
  abTestSplit,
  addAbVariant,
  buildAbTestInput,
  emptyAbTest,
  removeAbVariant,
  updateAbVariant,
} from "@/components/campaigns/ab-test-state";

const TPL = "00000000-0000-4000-8000-000000000001";

describe("A/B test form state", () => {
  it("starts off with two variants, 20%, opens and 4 hours", () => {
    const s = emptyAbTest();
    expect(s.enabled).toBe(false);
    expect(s.variants).toHaveLength(2);
    expect([s.testPercent, s.metric, s.waitHours]).toEqual([20, "open", 4]);
    expect(emptyAbTest(false).metric).toBe("read");
  });

  it("keeps 2 to 4 variants", () => {
    let s = emptyAbTest();
    expect(removeAbVariant(s, 0).variants).toHaveLength(2);
    s = addAbVariant(addAbVariant(s));
    expect(s.variants).toHaveLength(4);
    expect(addAbVariant(s).variants).toHaveLength(4);
    s = updateAbVariant(s, 3, { subject: "Last" });
    s = removeAbVariant(s, 1);
    expect(s.variants.map((v) => v.subject)).toEqual(["", "", "Last"]);
  });

  it("builds null when off and trimmed variants when on", () => {
    expect(buildAbTestInput(emptyAbTest(), true)).toBeNull();
    let s = { ...emptyAbTest(), enabled: true };
    s = updateAbVariant(s, 0, { subject: "  Hello " });
    s = updateAbVariant(s, 1, { subject: "Hi", templateId: TPL });
    expect(buildAbTestInput(s, true)).toEqual({
      variants: [{ subject: "Hello" }, { subject: "Hi", templateId: TPL }],
      testPercent: 20,
      metric: "open",
      waitHours: 4,
    });
    const wa = buildAbTestInput(s, false);
    expect(wa?.variants).toEqual([{}, { templateId: TPL }]);
    expect(wa?.metric).toBe("read");
  });

  it("round-trips a saved test", () => {
    const saved = {
      variants: [{ subject: "A" }, { templateId: TPL }],
      testPercent: 30,
      metric: "click" as const,
      waitHours: 6,
    };
    const s = abTestFromSaved(saved, true);
    expect(s.enabled).toBe(true);
    expect(buildAbTestInput(s, true)).toEqual(saved);
    expect(abTestFromSaved(null, true).enabled).toBe(false);
  });

  it("explains and splits the audience like the server", () => {
    expect(abTestExplanation(20, 4)).toBe(
      "20% of the audience gets the variants; after 4 hours the best one goes to the other 80%.",
    );
    expect(abTestExplanation(10, 1)).toContain("after 1 hour ");
    expect(abTestSplit(1000, 20)).toEqual({ test: 200, rest: 800 });
    expect(abTestSplit(7, 20)).toEqual({ test: 2, rest: 5 });
    expect(abTestSplit(1, 20)).toEqual({ test: 1, rest: 0 });
  });

  it("maps server field-error paths", () => {
    expect(abFieldOf("abTest.variants[1].subject")).toEqual({ index: 1, field: "subject" });
    expect(abFieldOf("abTest.variants[0]")).toEqual({ index: 0, field: "variant" });
    expect(abFieldOf("abTest.testPercent")).toEqual({ field: "testPercent" });
    expect(abFieldOf("name")).toBeNull();
  });
});
