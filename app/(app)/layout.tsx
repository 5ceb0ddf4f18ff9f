import type { Viewport } from "next";
import type { ReactNode } from "react";
import { requireUser } from "./_lib/session";

/**
 * Phones draw under the notch and home indicator (the shell pads itself with `env(safe-area-inset-*)`);
 * the on-screen keyboard resizes the layout (Chromium's `interactive-widget`), so the field being typed
 * in scrolls into the space left above it.
 */
export const viewport: Viewport = { viewportFit: "cover", interactiveWidget: "resizes-content" };

/**
 * Everything signed in lives here. Layouts do not see the URL, so a signed-out visitor returns to `/b`
 * (their first business) after signing in; the business layout below sends them back to `/b/<slug>`.
 */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  await requireUser("/b");
  return children;
}
