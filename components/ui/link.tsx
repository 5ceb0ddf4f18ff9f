"use client";

import NextLink from "next/link";
import { type ComponentProps, useState } from "react";

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
