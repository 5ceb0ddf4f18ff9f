"use client";

import { ThemeProvider as NextThemesProvider, type ThemeProviderProps } from "next-themes";

/*
 * next-themes renders an inline <script> that applies the theme class before paint. It only needs
 * to run from the server HTML; if the provider ever mounts on the client (e.g. navigating between
 * root layouts), React 19 warns about the script. Marking it as a data block on the client silences
 * that without affecting the server-rendered script (the element has suppressHydrationWarning).
 */
const clientScriptProps = typeof window === "undefined" ? undefined : { type: "application/json" };

/**
 * Theme context for the app. Render once in the root layout around `children`, and put
 * `suppressHydrationWarning` on `<html>` (next-themes sets its class before hydration).
 */
function ThemeProvider({ children, ...props }: ThemeProviderProps) {
  return (
    <NextThemesProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      scriptProps={clientScriptProps}
      {...props}
    >
      {children}
    </NextThemesProvider>
  );
}

export { ThemeProvider };
