// @ts-check
// The service worker's build (`serwist build`, after `next build`): bundles app/sw.ts with esbuild into
// public/sw.js with the precache list: Next.js's static chunks and CSS, what is in public/, and the
// offline app. The revision is the build's id, so a new deployment refreshes the precache.
import { readFileSync } from "node:fs";
import { serwist } from "@serwist/next/config";

const buildId = (() => {
  try {
    return readFileSync(".next/BUILD_ID", "utf8").trim();
  } catch {
    return crypto.randomUUID();
  }
})();

export default serwist({
  swSrc: "app/sw.ts",
  swDest: "public/sw.js",
  additionalPrecacheEntries: [{ url: "/~offline", revision: buildId }],
  // Large, rarely used chunks (the API reference, the PDF renderer) are fetched when needed instead.
  maximumFileSizeToCacheInBytes: 1024 * 1024,
  precachePrerendered: false,
  // The install sheet's screenshots are only for the store-like install dialog.
  globIgnores: ["public/screenshots/**"],
});
