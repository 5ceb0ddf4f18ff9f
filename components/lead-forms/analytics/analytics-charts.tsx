"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/*
 * The analytics charts (recharts, loaded with the analytics page only). Their numbers are also on the page
 * as tables, so the charts are decorative for screen readers.
 */

/** One day of the chart, labelled for people. */
export interface DayPoint {
  label: string;
  views: number;
  submissions: number;
  spam: number;
}

/** Views, submissions and spam per day as lines. */
export function ByDayChart({ points }: { points: DayPoint[] }) {
  return (
    <div aria-hidden="true" className="h-64 min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="views" name="Views" stroke="var(--chart-2)" dot={false} isAnimationActive={false} />
          <Line
            dataKey="submissions"
            name="Submissions"
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="spam"
            name="Spam"
            stroke="var(--destructive)"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Submissions per source as horizontal bars. */
export function BySourceChart({ sources }: { sources: { source: string; submissions: number }[] }) {
  const height = Math.max(160, sources.length * 32 + 24);
  return (
    <div aria-hidden="true" className="min-w-0" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={sources} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" className="stroke-border" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="source" width={110} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip cursor={{ fillOpacity: 0.1 }} />
          <Bar
            dataKey="submissions"
            name="Submissions"
            fill="var(--chart-1)"
            radius={[0, 4, 4, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
