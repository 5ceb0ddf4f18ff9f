"use client";

import { cloneElement, type ReactElement, Suspense, useState } from "react";

/**
 * A menu or dialog whose code loads when the user reaches for it. Until then the page renders only
 * `trigger` (a button, announced as opening a menu or a dialog); pointing at or focusing it starts
 * loading the popup, and activating it (click, Enter or Space) renders `menu`, a lazily loaded component
 * that wraps the same trigger in a Radix `DropdownMenu` or `Dialog`/`Sheet` opened at once, which moves
 * focus into it (and back to the trigger when it closes). The Radix code (menu, popper and floating-ui
 * ~40 KB; dialog, focus scope and scroll lock ~30 KB) is then not part of pages where nobody opens it.
 *
 * Input: `trigger`, the button element; `preload`, the `import()` of the popup's module; `menu`, the
 * element to render once activated (inside `Suspense`, showing `trigger` while it loads); `popup`,
 * what the button opens (`aria-haspopup`, WAI-ARIA 1.2), a menu unless told.
 */
export function PopupOnDemand({
  trigger,
  preload,
  menu,
  popup = "menu",
}: {
  trigger: ReactElement<Record<string, unknown>>;
  preload: () => Promise<unknown>;
  menu: ReactElement;
  popup?: "menu" | "dialog";
}) {
  const [active, setActive] = useState(false);
  const warm = () => {
    void preload();
  };
  const plain = cloneElement(trigger, {
    "aria-haspopup": popup,
    "aria-expanded": false,
    onPointerEnter: warm,
    onFocus: warm,
    onClick: () => setActive(true),
  });
  if (!active) return plain;
  return <Suspense fallback={plain}>{menu}</Suspense>;
}
