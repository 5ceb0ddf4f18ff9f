import "server-only";
import { headers } from "next/headers";
import { userAgent } from "next/server";
import { cache } from "react";

/**
 * Whether this request comes from a phone, by its user agent (`device.type === "mobile"`). Pages use it
 * only to pick what the server renders first (cards or a table); the browser's own width decides after
 * hydration, so a wrong guess costs one re-render, never a wrong layout. Memoized per request (the
 * layout and the page both ask).
 */
export const isPhoneRequest = cache(
  async (): Promise<boolean> => userAgent({ headers: await headers() }).device.type === "mobile",
);
