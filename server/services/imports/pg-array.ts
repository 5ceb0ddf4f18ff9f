/**
 * Postgres array literals for set-based writes: a whole column of a batch travels as ONE text parameter
 * (`$1::text[]`) and is spread with `unnest(…)`, instead of thousands of bind parameters or a JSON
 * document the server must parse. Works the same on postgres.js and PGlite (a plain text parameter).
 */

/** `{"a","b",NULL}`: every element quoted (backslash and double quote escaped); null/undefined → NULL. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i];
    if (v === null || v === undefined) out += "NULL";
    else out += `"${v.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `${out}}`;
}
