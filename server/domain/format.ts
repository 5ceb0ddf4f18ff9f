/**
 * Dates on business pages are shown in the business's IANA time zone (not the viewer's), in English to
 * match the UI. Pure: the same input gives the same text on the server and in the browser.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
    }
    formatters.set(key, f);
  }
  return f;
}

/** "5 Mar 2026, 14:05" in `timeZone`. */
export function formatDateTime(date: Date | string, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium", timeStyle: "short" }).format(new Date(date));
}

/** "5 Mar 2026" in `timeZone`. */
export function formatDate(date: Date | string, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium" }).format(new Date(date));
}

/** The hour (0–23) of `date` in `timeZone`. */
export function hourIn(date: Date, timeZone: string): number {
  const h = formatter(timeZone, { hour: "numeric", hourCycle: "h23" })
    .formatToParts(date)
    .find((p) => p.type === "hour")?.value;
  return Number(h ?? 0) % 24;
}

/** Up to two initials of a name or email, for avatars. */
export function initialsOf(name: string | null | undefined, email?: string): string {
  const source = name?.trim() || email?.split("@")[0] || "?";
  const words = source.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]?.[0], words[1]?.[0]] : [source[0], source[1]];
  return letters.filter(Boolean).join("").toUpperCase();
}
