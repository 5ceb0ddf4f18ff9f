"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { FunnelStep } from "./campaign-display";

/*
 * The report's charts (recharts, loaded with the report rather than with every page). The numbers they
 * draw are also on the page as text (the funnel's table, the timeline's table), so the charts are
 * decorative for screen readers.
 */

/** The funnel as horizontal bars: the steps in the primary colour, the problems in red. */
export function FunnelChart({ steps }: { steps: FunnelStep[] }) {
  const height = Math.max(220, steps.length * 34);
  return (
    <div aria-hidden="true" className="min-w-0" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={steps} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" className="stroke-border" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip cursor={{ fillOpacity: 0.1 }} />
          <Bar dataKey="value" name="Recipients" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {steps.map((s) => (
              <Cell key={s.key} fill={s.problem ? "var(--destructive)" : "var(--chart-1)"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One hour of the delivery timeline, labelled in the business's time zone. */
export interface TimelinePoint {
  label: string;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  failed: number;
}

const series = [
  { key: "sent", name: "Sent", color: "var(--chart-1)" },
  { key: "delivered", name: "Delivered", color: "var(--chart-2)" },
  { key: "opened", name: "Opened or read", color: "var(--chart-3)" },
  { key: "clicked", name: "Clicked", color: "var(--chart-4)" },
  { key: "failed", name: "Failed", color: "var(--destructive)" },
] as const;

/** Delivery per hour as areas, one per event. */
export function TimelineChart({ points }: { points: TimelinePoint[] }) {
  return (
    <div aria-hidden="true" className="h-64 min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={{ top: 4, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.15}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
