"use client";

import { cloneElement, type ReactElement, Suspense, useState } from "react";

/**
 * A menu whose code loads when the user reaches for it. Until then the page renders only `trigger` (a
 * button, announced as a menu button); pointing at or focusing it starts loading the menu, and
 * activating it (click, Enter or Space) renders `menu`, a lazily loaded component that wraps the same
 * trigger in a Radix `DropdownMenu` opened at once (`defaultOpen`), which moves focus into the menu. The
 * Radix menu code (menu, popper, floating-ui: ~40 KB) is then not part of pages where nobody opens it.
 *
 * Input: `trigger`, the button element; `preload`, the `import()` of the menu's module; `menu`, the
 * element to render once activated (inside `Suspense`, showing `trigger` while it loads).
 */
export function MenuOnDemand({
  trigger,
  preload,
  menu,
}: {
  trigger: ReactElement<Record<string, unknown>>;
  preload: () => Promise<unknown>;
  menu: ReactElement;
}) {
  const [active, setActive] = useState(false);
  const warm = () => {
    void preload();
  };
  const plain = cloneElement(trigger, {
    "aria-haspopup": "menu",
    "aria-expanded": false,
    onPointerEnter: warm,
    onFocus: warm,
    onClick: () => setActive(true),
  });
  if (!active) return plain;
  return <Suspense fallback={plain}>{menu}</Suspense>;
}
