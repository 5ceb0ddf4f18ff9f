import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { AppError, type FieldErrors } from "@/server/errors";

/** A mistake in how the command was typed: the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  /** @param usage the usage text of the command that was typed, printed after the message */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `args` with `util.parseArgs` (strict: unknown flags are refused). Output: string values of the
 * flags and the positionals. Errors: UsageError with `usage` for an unknown flag or a missing value.
 */
export function parse<const O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
    // Node adds advice about `--` for unknown options, which does not apply to our flags.
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, "."), usage);
  }
}

/** The value of a required flag. Errors: UsageError naming the flag. */
export function required(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`Missing --${flag}.`, usage);
  return value;
}

/** Turns a field path such as `timeZone` into its flag name `time-zone`. */
export function flagName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Validates `value` with a zod schema. Output: the parsed value. Errors: AppError VALIDATION with one
 * message per field (the first issue of each path; `input` for a value that is not an object).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, message: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError("VALIDATION", message, zodFieldErrors(result.error));
}

/** Field path (dot separated) → first message, from a zod error. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}
