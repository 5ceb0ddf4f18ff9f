import pino from "pino";

/** Structured logger (JSON lines; level from LOG_LEVEL). */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
});
