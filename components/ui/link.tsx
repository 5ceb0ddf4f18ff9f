"use client";

import NextLink, { useLinkStatus } from "next/link";
import { type ComponentProps, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";

/**
 * `next/link` that prefetches its page when the user reaches for it (pointer over it, focus, or the start
 * of a touch) instead of whenever it scrolls into view. A list of 50 customers, the navigation and the
 * dashboard's cards would otherwise fetch a dozen pages and their code on every page load, competing with
 * the page the user opened (Next.js's hover-triggered prefetch pattern). `prefetch={false}` never
 * prefetches; navigation works the same either way.
 */
export function Link({
  prefetch,
  onPointerEnter,
  onFocus,
  onTouchStart,
  ...props
}: ComponentProps<typeof NextLink>) {
  const [wanted, setWanted] = useState(false);
  const want = () => {
    if (prefetch !== false) setWanted(true);
  };
  return (
    <NextLink
      {...props}
      prefetch={wanted ? prefetch : false}
      onPointerEnter={(e) => {
        want();
        onPointerEnter?.(e);
      }}
      onFocus={(e) => {
        want();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        want();
        onTouchStart?.(e);
      }}
    />
  );
}

/**
 * Inside a `Link`: a small spinner while that link's page is on its way (Next.js `useLinkStatus`). The
 * main pages render on the server before they replace the current one, with no loading skeleton (a
 * skeleton would hold back their first paint by React's 300 ms reveal throttle on every full page load),
 * so the link the user chose shows the wait instead. It fades in after 150 ms, so a quick navigation shows
 * nothing; hidden from screen readers (the new page's title announces its arrival).
 */
export function LinkPending({ className }: { className?: string }) {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span
      data-slot="link-pending"
      className={cn("inline-flex animate-in fade-in fill-mode-both delay-150 duration-200", className)}
    >
      <Spinner aria-hidden="true" className="size-3.5" />
    </span>
  );
}
