/**
 * Postgres array literals for set-based writes: a whole column of a batch travels as ONE text parameter
 * (`$1::text[]`) and is spread with `unnest(…)`, instead of thousands of bind parameters or a JSON
 * document the server must parse. Works the same on postgres.js and PGlite (a plain text parameter).
 */

/** One element of an array literal: `"a"` quoted (backslash and double quote escaped); null/undefined → `NULL`. */
export function arrayElement(value: string | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** `{"a","b",NULL}`: every element quoted (backslash and double quote escaped); null/undefined → NULL. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += arrayElement(values[i]);
  }
  return `${out}}`;
}

/** `{…}` from elements already encoded by `arrayElement`. */
export function arrayOfElements(elements: readonly string[]): string {
  return `{${elements.join(",")}}`;
}
