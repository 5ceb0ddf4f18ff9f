"use client";

import { MoonIcon, SunIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { cn } from "@/components/ui/utils";

const loadMenu = () => import("./theme-toggle-menu");
const ThemeToggleMenu = lazy(loadMenu);

/**
 * Icon button that opens a Light / Dark / System menu (the landing and sign-in pages). The menu's code
 * loads when the user reaches for the button (`PopupOnDemand`). Needs ThemeProvider above it.
 */
function ThemeToggle({ className }: { className?: string }) {
  const trigger = (
    <Button variant="ghost" size="icon" className={cn("relative", className)} aria-label="Change theme">
      {/* Icons switch with CSS so server and client render the same markup. */}
      <SunIcon
        className="size-4 scale-100 rotate-0 transition-transform dark:scale-0 dark:-rotate-90"
        aria-hidden="true"
      />
      <MoonIcon
        className="absolute size-4 scale-0 rotate-90 transition-transform dark:scale-100 dark:rotate-0"
        aria-hidden="true"
      />
    </Button>
  );
  return <PopupOnDemand trigger={trigger} preload={loadMenu} menu={<ThemeToggleMenu trigger={trigger} />} />;
}

export { ThemeToggle };
