import type { MetadataRoute } from "next";

/**
 * The web app manifest (W3C Web App Manifest; served at /manifest.webmanifest and linked from every
 * page by Next.js): installed, Mini CRM opens full-screen at the business used last (`/b` remembers it),
 * with shortcuts to a new customer, my tasks and an import on the icon's long-press menu.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/b",
    name: "Mini CRM",
    short_name: "Mini CRM",
    description: "Customers, messages, forms and invoices for your business, on your phone.",
    start_url: "/b?source=pwa",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#ffffff",
    theme_color: "#4f46e5",
    categories: ["business", "productivity"],
    icons: [
      { src: "/icons/192", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/512", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icons/monochrome-512", sizes: "512x512", type: "image/png", purpose: "monochrome" },
    ],
    // The richer install sheet (Chromium on Android and desktop): the customers list at each form factor.
    screenshots: [
      {
        src: "/screenshots/customers-phone.png",
        sizes: "412x915",
        type: "image/png",
        form_factor: "narrow",
        label: "Customers on a phone: call or WhatsApp them from the list",
      },
      {
        src: "/screenshots/customers-wide.png",
        sizes: "1280x800",
        type: "image/png",
        form_factor: "wide",
        label: "Customers on a computer, with tags and lifecycle stages",
      },
    ],
    shortcuts: [
      {
        name: "New customer",
        url: "/b?to=customers&new=1",
        icons: [{ src: "/icons/192", sizes: "192x192", type: "image/png" }],
      },
      {
        name: "My tasks",
        url: "/b?to=tasks",
        icons: [{ src: "/icons/192", sizes: "192x192", type: "image/png" }],
      },
      {
        name: "Import customers",
        short_name: "Import",
        url: "/b?to=customers/import",
        icons: [{ src: "/icons/192", sizes: "192x192", type: "image/png" }],
      },
    ],
  };
}
