import { TZDate } from "@date-fns/tz";
import {
  type BuiltInSegmentField,
  builtInSegmentFields,
  customFieldSegmentType,
  isSegmentGroup,
  type SegmentCondition,
  type SegmentCustomField,
  type SegmentNode,
} from "@/server/domain/segments";

/**
 * A second, independent reading of segment rules: evaluates them on one customer in memory, written from
 * the rules' documented meaning (not from the SQL), so a property test can compare the two.
 */

export interface EvalCustomer {
  name: string;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  company: string | null;
  city: string | null;
  country: string | null;
  source: string | null;
  tags: string[];
  lifecycleStage: string;
  ownerId: string | null;
  createdAt: Date;
  lastActivityAt: Date;
  dateOfBirth: string | null;
  anniversary: string | null;
  emailConsent: boolean | null;
  whatsappConsent: boolean | null;
  smsConsent: boolean | null;
  customFields: Record<string, unknown>;
  /** The customer's tasks (none when absent). */
  tasks?: { status: string; dueAt: Date | null }[];
  /** Purchase totals (0 and null when absent). */
  totalSpent?: number;
  ordersCount?: number;
  firstPurchaseOn?: string | null;
  lastPurchaseOn?: string | null;
}

export interface EvalContext {
  timeZone: string;
  now: Date;
  customFields: readonly SegmentCustomField[];
}

const digits = (s: string) => s.replace(/\D/g, "");

function today(ctx: EvalContext): { y: number; m: number; d: number } {
  const t = new TZDate(ctx.now.getTime(), ctx.timeZone);
  return { y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() };
}

function dayPlus(ctx: EvalContext, n: number): string {
  const t = today(ctx);
  return new Date(Date.UTC(t.y, t.m - 1, t.d + n)).toISOString().slice(0, 10);
}

/** Midnight of a calendar day in the business's time zone. */
function midnight(iso: string, ctx: EvalContext, plusDays = 0): number {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d + plusDays, ctx.timeZone).getTime();
}

function text(v: string | null, c: SegmentCondition, phone: boolean): boolean {
  const norm = (s: string) => (phone ? digits(s) : s.toLowerCase());
  const has = v !== null && v !== "";
  switch (c.op) {
    case "eq":
      return v !== null && norm(v) === norm(c.value as string);
    case "neq":
      return !(v !== null && norm(v) === norm(c.value as string));
    case "contains":
    case "not_contains": {
      const x = c.value as string;
      const hit =
        v !== null &&
        (phone && digits(x) ? digits(v).includes(digits(x)) : v.toLowerCase().includes(x.toLowerCase()));
      return c.op === "contains" ? hit : !hit;
    }
    case "in":
      return v !== null && (c.value as string[]).map(norm).includes(norm(v));
    case "not_in":
      return !(v !== null && (c.value as string[]).map(norm).includes(norm(v)));
    case "is_empty":
      return !has;
    case "is_not_empty":
      return has;
    default:
      throw new Error(c.op);
  }
}

function compare<T extends string | number>(v: T | null, c: SegmentCondition): boolean {
  const x = c.value as T;
  switch (c.op) {
    case "eq":
      return v !== null && v === x;
    case "neq":
      return v === null || v !== x;
    case "gt":
      return v !== null && v > x;
    case "gte":
      return v !== null && v >= x;
    case "lt":
      return v !== null && v < x;
    case "lte":
      return v !== null && v <= x;
    case "between": {
      const [a, b] = c.value as [T, T];
      return v !== null && v >= a && v <= b;
    }
    case "in":
      return v !== null && (c.value as T[]).includes(v);
    case "not_in":
      return !(v !== null && (c.value as T[]).includes(v));
    case "is_empty":
      return v === null;
    case "is_not_empty":
      return v !== null;
    default:
      throw new Error(c.op);
  }
}

function list(v: string[], c: SegmentCondition): boolean {
  const x = (c.value ?? []) as string[];
  switch (c.op) {
    case "has_any":
      return x.some((t) => v.includes(t));
    case "has_all":
      return x.every((t) => v.includes(t));
    case "has_none":
      return !x.some((t) => v.includes(t));
    case "is_empty":
      return v.length === 0;
    case "is_not_empty":
      return v.length > 0;
    default:
      throw new Error(c.op);
  }
}

function month(c: SegmentCondition, ctx: EvalContext): number {
  return c.value === "current" ? today(ctx).m : (c.value as number);
}

function yearly(v: string | null, c: SegmentCondition, ctx: EvalContext): boolean {
  if (c.op === "month_is") return v !== null && Number(v.slice(5, 7)) === month(c, ctx);
  if (c.op === "in_next_days") {
    if (v === null) return false;
    for (let i = 0; i <= (c.value as number); i++) {
      if (dayPlus(ctx, i).slice(5) === v.slice(5)) return true;
    }
    return false;
  }
  return compare(v, c);
}

function instant(v: Date, c: SegmentCondition, ctx: EvalContext): boolean {
  const t = v.getTime();
  const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  const start = (s: string) => (isDay(s) ? midnight(s, ctx) : Date.parse(s));
  const end = (s: string) => (isDay(s) ? midnight(s, ctx, 1) : Date.parse(s));
  const x = c.value as string;
  switch (c.op) {
    case "gt":
      return isDay(x) ? t >= end(x) : t > start(x);
    case "gte":
      return t >= start(x);
    case "lt":
      return t < start(x);
    case "lte":
      return isDay(x) ? t < end(x) : t <= start(x);
    case "between": {
      const [a, b] = c.value as [string, string];
      return t >= start(a) && (isDay(b) ? t < end(b) : t <= start(b));
    }
    case "in_last_days":
      return t >= midnight(dayPlus(ctx, -(c.value as number)), ctx);
    case "not_in_last_days":
      return t < midnight(dayPlus(ctx, -(c.value as number)), ctx);
    default:
      throw new Error(c.op);
  }
}

function consent(v: boolean | null, c: SegmentCondition): boolean {
  const state = v === true ? "granted" : v === false ? "denied" : "unknown";
  switch (c.op) {
    case "eq":
      return state === c.value;
    case "neq":
      return state !== c.value;
    case "in":
      return (c.value as string[]).includes(state);
    case "not_in":
      return !(c.value as string[]).includes(state);
    default:
      throw new Error(c.op);
  }
}

/** A calendar date (`YYYY-MM-DD` or null) against a date condition. */
function dateMatches(d: string | null, c: SegmentCondition, ctx: EvalContext): boolean {
  switch (c.op) {
    case "in_last_days":
      return d !== null && d >= dayPlus(ctx, -(c.value as number)) && d <= dayPlus(ctx, 0);
    case "not_in_last_days":
      return d !== null && d < dayPlus(ctx, -(c.value as number));
    case "in_next_days":
      return d !== null && d >= dayPlus(ctx, 0) && d <= dayPlus(ctx, c.value as number);
    case "month_is":
      return d !== null && Number(d.slice(5, 7)) === month(c, ctx);
    default:
      return compare(d, c);
  }
}

function custom(customer: EvalCustomer, c: SegmentCondition, ctx: EvalContext): boolean {
  const key = c.field.slice("custom.".length);
  const def = ctx.customFields.find((f) => f.key === key);
  if (!def) throw new Error(`no field ${key}`);
  const v = customer.customFields[key];
  const empty = v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  switch (customFieldSegmentType[def.type]) {
    case "text":
      return text(typeof v === "string" ? v : null, c, false);
    case "number":
      return compare(typeof v === "number" ? v : null, c);
    case "date":
      return dateMatches(
        typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null,
        c,
        ctx,
      );
    case "boolean":
    case "select":
      switch (c.op) {
        case "eq":
          return v === c.value;
        case "neq":
          return v !== c.value;
        case "in":
          return (c.value as unknown[]).includes(v);
        case "not_in":
          return !(c.value as unknown[]).includes(v);
        case "is_empty":
          return empty;
        case "is_not_empty":
          return !empty;
        default:
          throw new Error(c.op);
      }
    case "multi_select":
      if (c.op === "is_empty") return empty;
      if (c.op === "is_not_empty") return !empty;
      return list(Array.isArray(v) ? (v as string[]) : [], c);
    default:
      throw new Error(def.type);
  }
}

function condition(customer: EvalCustomer, c: SegmentCondition, ctx: EvalContext): boolean {
  if (c.field.startsWith("custom.")) return custom(customer, c, ctx);
  const field = c.field as BuiltInSegmentField;
  switch (builtInSegmentFields[field]) {
    case "text":
      return text(customer[field as "name"], c, false);
    case "phone":
      return text(customer[field as "phone"], c, true);
    case "tags":
      return list(customer.tags, c);
    case "stage":
      return compare(customer.lifecycleStage, c);
    case "owner":
      return compare(customer.ownerId, c);
    case "consent":
      return consent(
        field === "consent.email"
          ? customer.emailConsent
          : field === "consent.whatsapp"
            ? customer.whatsappConsent
            : customer.smsConsent,
        c,
      );
    case "instant":
      return instant(field === "createdAt" ? customer.createdAt : customer.lastActivityAt, c, ctx);
    case "yearly":
      return yearly(field === "dateOfBirth" ? customer.dateOfBirth : customer.anniversary, c, ctx);
    case "flag": {
      const open = (customer.tasks ?? []).filter((t) => t.status === "open" || t.status === "in_progress");
      const has =
        field === "tasks.overdue"
          ? open.some((t) => t.dueAt !== null && t.dueAt.getTime() < ctx.now.getTime())
          : open.length > 0;
      return has === c.value;
    }
    case "number":
      return compare(field === "totalSpent" ? (customer.totalSpent ?? 0) : (customer.ordersCount ?? 0), c);
    case "date":
      return dateMatches(
        (field === "firstPurchaseOn" ? customer.firstPurchaseOn : customer.lastPurchaseOn) ?? null,
        c,
        ctx,
      );
  }
}

/** Whether `customer` matches the rules (checked rules, as `parseSegmentRules` returns them). */
export function evaluateSegment(node: SegmentNode, customer: EvalCustomer, ctx: EvalContext): boolean {
  if (!isSegmentGroup(node)) return condition(customer, node, ctx);
  return node.match === "all"
    ? node.conditions.every((n) => evaluateSegment(n, customer, ctx))
    : node.conditions.some((n) => evaluateSegment(n, customer, ctx));
}
