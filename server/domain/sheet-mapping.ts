/**
 * Suggesting which column of another tool's spreadsheet holds what, for the one-shot imports (purchases,
 * products). Pure.
 */

/** A header as compared: lower case, `_` and `.` as spaces, spaces collapsed. */
export function normalizeSheetHeader(header: string): string {
  return header.toLowerCase().replace(/[_.]+/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * The suggested target of each header: the first target whose synonyms hold the header (normalized); a
 * target goes to the first header that names it; the rest are `ignore`. Output: `{ [header]: target }`.
 */
export function suggestSheetMapping<T extends string>(
  headers: readonly string[],
  synonyms: Record<T, readonly string[]>,
): Record<string, T | "ignore"> {
  const out: Record<string, T | "ignore"> = {};
  const taken = new Set<T>();
  for (const header of headers) {
    const h = normalizeSheetHeader(header);
    const target = (Object.keys(synonyms) as T[]).find((t) => !taken.has(t) && synonyms[t].includes(h));
    out[header] = target ?? "ignore";
    if (target) taken.add(target);
  }
  return out;
}
