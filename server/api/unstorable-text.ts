/**
 * Characters Postgres `text` cannot hold (NUL, U+0000) and lone UTF-16 surrogates (not valid Unicode, so
 * not encodable as UTF-8). Refused at the API boundary so they never reach a query.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this looks for
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `s` has a character Postgres text cannot store. */
export function hasUnstorableText(s: string): boolean {
  return unstorable.test(s);
}

/**
 * The field paths (`name`, `filter.search`, `customFields.note`, `items.0`) of every string in `value`
 * (and every object key) with a character Postgres text cannot store. Walks at most `limit` nodes.
 */
export function unstorableTextPaths(value: unknown, limit = 100_000): string[] {
  const found: string[] = [];
  let budget = limit;
  const walk = (v: unknown, path: string) => {
    if (--budget < 0 || found.length >= 20) return;
    if (typeof v === "string") {
      if (hasUnstorableText(v)) found.push(path || "input");
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], path ? `${path}.${i}` : String(i));
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, item] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (hasUnstorableText(k)) found.push(p);
        walk(item, p);
      }
    }
  };
  walk(value, "");
  return found;
}
