/** Pure state helpers for the campaign form's optional A/B test section. */

export type AbMetric = "open" | "read" | "click";

export interface AbVariantState {
  /** Subject line (email channels); "" when unused. */
  subject: string;
  /** Template id (email template for email campaigns, WhatsApp template otherwise); "" when unused. */
  templateId: string;
}

export interface AbTestState {
  enabled: boolean;
  variants: AbVariantState[];
  /** Share of the audience that gets the variants, in percent (5–50). */
  testPercent: number;
  metric: AbMetric;
  /** Hours between the test send and picking the winner (1–72). */
  waitHours: number;
}

export const AB_MIN_VARIANTS = 2;
export const AB_MAX_VARIANTS = 4;

/** The section's state when the switch is off: two empty variants, 20%, opens, 4 hours. */
export function emptyAbTest(isEmail = true): AbTestState {
  return {
    enabled: false,
    variants: [
      { subject: "", templateId: "" },
      { subject: "", templateId: "" },
    ],
    testPercent: 20,
    metric: isEmail ? "open" : "read",
    waitHours: 4,
  };
}

/** Form state from a saved campaign's `abTest` (null/undefined → switch off). */
export function abTestFromSaved(
  saved:
    | {
        variants: { subject?: string; templateId?: string }[];
        testPercent: number;
        metric: AbMetric;
        waitHours: number;
      }
    | null
    | undefined,
  isEmail: boolean,
): AbTestState {
  if (!saved) return emptyAbTest(isEmail);
  return {
    enabled: true,
    variants: saved.variants.map((v) => ({ subject: v.subject ?? "", templateId: v.templateId ?? "" })),
    testPercent: saved.testPercent,
    metric: saved.metric,
    waitHours: saved.waitHours,
  };
}

/** Adds an empty variant; unchanged at 4 variants. */
export function addAbVariant(s: AbTestState): AbTestState {
  if (s.variants.length >= AB_MAX_VARIANTS) return s;
  return { ...s, variants: [...s.variants, { subject: "", templateId: "" }] };
}

/** Removes variant `index`; unchanged at 2 variants or for an index out of range. */
export function removeAbVariant(s: AbTestState, index: number): AbTestState {
  if (s.variants.length <= AB_MIN_VARIANTS || index < 0 || index >= s.variants.length) return s;
  return { ...s, variants: s.variants.filter((_, i) => i !== index) };
}

/** Replaces fields of variant `index`. */
export function updateAbVariant(s: AbTestState, index: number, patch: Partial<AbVariantState>): AbTestState {
  return { ...s, variants: s.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) };
}

/** Keeps the metric valid for the channel: WhatsApp has reads, email has opens. */
export function abMetricForChannel(metric: AbMetric, isEmail: boolean): AbMetric {
  if (metric === "click") return metric;
  return isEmail ? "open" : "read";
}

/**
 * The `abTest` field for campaigns.create/update: null when the switch is off (removes a saved
 * test); otherwise variants with blank fields left out (subject only for email channels).
 */
export function buildAbTestInput(
  s: AbTestState,
  isEmail: boolean,
): {
  variants: { subject?: string; templateId?: string }[];
  testPercent: number;
  metric: AbMetric;
  waitHours: number;
} | null {
  if (!s.enabled) return null;
  return {
    variants: s.variants.map((v) => {
      const out: { subject?: string; templateId?: string } = {};
      if (isEmail && v.subject.trim()) out.subject = v.subject.trim();
      if (v.templateId) out.templateId = v.templateId;
      return out;
    }),
    testPercent: s.testPercent,
    metric: abMetricForChannel(s.metric, isEmail),
    waitHours: s.waitHours,
  };
}

/** "20% of the audience gets the variants; after 4 hours the best one goes to the other 80%." */
export function abTestExplanation(testPercent: number, waitHours: number): string {
  const hours = waitHours === 1 ? "1 hour" : `${waitHours} hours`;
  return `${testPercent}% of the audience gets the variants; after ${hours} the best one goes to the other ${100 - testPercent}%.`;
}

/** How many of `audience` recipients get the test and how many wait, like the server: at least one per variant, rounded up. */
export function abTestSplit(
  audience: number,
  testPercent: number,
  variants = 2,
): { test: number; rest: number } {
  const test = Math.min(audience, Math.max(variants, Math.ceil((audience * testPercent) / 100)));
  return { test, rest: audience - test };
}

/** Server field-error paths `abTest.variants[i].subject` → `{ index, field }`; other abTest paths → `{ field }`. */
export function abFieldOf(path: string): { index?: number; field: string } | null {
  const m = /^abTest\.variants\[(\d+)\](?:\.(subject|templateId))?$/.exec(path);
  if (m) return { index: Number(m[1]), field: m[2] ?? "variant" };
  const top = /^abTest(?:\.(variants|testPercent|metric|waitHours))?$/.exec(path);
  if (top) return { field: top[1] ?? "abTest" };
  return null;
}
