import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ThemeProvider } from "@/components/providers/theme-provider";
import { ServiceWorkerRegistration } from "@/components/pwa/service-worker";
import { LazyToaster } from "@/components/ui/lazy-toaster";
import { splashScreens } from "./icons/[variant]/splash-screens";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Mini CRM", template: "%s · Mini CRM" },
  description: "A fast, simple, self-hostable CRM for small businesses.",
  applicationName: "Mini CRM",
  // Installed on iOS (Safari's Add to Home Screen): full screen, its own title and icon.
  appleWebApp: {
    capable: true,
    title: "Mini CRM",
    statusBarStyle: "default",
    // The launch screen an installed iPhone or iPad shows while the app starts, one per screen size.
    startupImage: splashScreens.map(({ width, height, device: [w, h, ratio] }) => ({
      url: `/icons/splash-${width}x${height}`,
      media: `(device-width: ${w}px) and (device-height: ${h}px) and (-webkit-device-pixel-ratio: ${ratio}) and (orientation: portrait)`,
    })),
  },
  icons: { apple: [{ url: "/icons/apple-180", sizes: "180x180", type: "image/png" }] },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0b12" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce of this request (proxy.ts): next-themes' inline script needs it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh overflow-x-hidden bg-background font-sans text-foreground antialiased">
        <ThemeProvider nonce={nonce}>
          {children}
          <LazyToaster />
          <ServiceWorkerRegistration />
        </ThemeProvider>
      </body>
    </html>
  );
}
