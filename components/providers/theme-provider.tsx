"use client";

import { ThemeProvider as NextThemesProvider, type ThemeProviderProps, useTheme } from "next-themes";
import { useCallback } from "react";

/*
 * next-themes renders an inline <script> that applies the theme class before paint. It only needs
 * to run from the server HTML; if the provider ever mounts on the client (e.g. navigating between
 * root layouts), React 19 warns about the script. Marking it as a data block on the client silences
 * that without affecting the server-rendered script (the element has suppressHydrationWarning).
 */
const clientScriptProps = typeof window === "undefined" ? undefined : { type: "application/json" };

/** Class on <html> while the theme switches: globals.css turns transitions off under it. */
const SWITCHING_CLASS = "theme-switching";

/**
 * Theme context for the app. Render once in the root layout around `children`, and put
 * `suppressHydrationWarning` on `<html>` (next-themes sets its class before hydration).
 * next-themes' own `disableTransitionOnChange` also runs when the provider mounts, adding and removing
 * a stylesheet that restyles every element of the page being loaded; `useThemeChoice` turns transitions
 * off only when the user switches.
 */
function ThemeProvider({ children, ...props }: ThemeProviderProps) {
  return (
    <NextThemesProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      scriptProps={clientScriptProps}
      {...props}
    >
      {children}
    </NextThemesProvider>
  );
}

/**
 * The chosen theme ("light", "dark" or "system") and a setter that switches without animating every
 * color transition on the page (transitions are off for two frames around the switch).
 */
function useThemeChoice(): { theme: string; setTheme: (theme: string) => void } {
  const { theme, setTheme } = useTheme();
  const choose = useCallback(
    (next: string) => {
      const root = document.documentElement;
      root.classList.add(SWITCHING_CLASS);
      setTheme(next);
      requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove(SWITCHING_CLASS)));
    },
    [setTheme],
  );
  return { theme: theme ?? "system", setTheme: choose };
}

export { ThemeProvider, useThemeChoice };
