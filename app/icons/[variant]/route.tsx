import { ImageResponse } from "next/og";
import { splashScreens } from "./splash-screens";

/**
 * The app's icons as PNG, drawn from the logo (the indigo tile with the white "M" of app/icon.svg):
 * `192` and `512` (purpose any: rounded tile), `maskable-512` (full-bleed background, the mark inside the
 * 80% safe zone, W3C Web App Manifest §9.4 "maskable"), `monochrome-512` (white mark on transparent:
 * the OS tints it), `apple-180` (Apple touch icon, no transparency), and iOS launch screens
 * (`splashScreens`). Cached for a year: the URL names the content.
 */
const variants: Record<string, { size: number; tile: "rounded" | "full" | "none"; mark: number }> = {
  "192": { size: 192, tile: "rounded", mark: 0.56 },
  "512": { size: 512, tile: "rounded", mark: 0.56 },
  "maskable-512": { size: 512, tile: "full", mark: 0.44 },
  "monochrome-512": { size: 512, tile: "none", mark: 0.6 },
  "apple-180": { size: 180, tile: "full", mark: 0.56 },
};

export function generateStaticParams() {
  return [
    ...Object.keys(variants).map((variant) => ({ variant })),
    ...splashScreens.map((s) => ({ variant: `splash-${s.width}x${s.height}` })),
  ];
}

const IMMUTABLE = { "cache-control": "public, max-age=31536000, immutable" };

/** The logo: the white "M" on the indigo tile (`rounded` corners, `full` bleed, or no tile). */
function Logo({ size, tile, mark }: { size: number; tile: "rounded" | "full" | "none"; mark: number }) {
  const m = Math.round(size * mark);
  return (
    <div
      style={{
        width: size,
        height: size,
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: tile === "none" ? "transparent" : "#4f46e5",
        borderRadius: tile === "rounded" ? Math.round(size * 0.22) : 0,
      }}
    >
      <svg width={m} height={m} viewBox="14 16 36 32" xmlns="http://www.w3.org/2000/svg">
        <path d="M16 46V18h6l10 14 10-14h6v28h-7V30l-9 12-9-12v16z" fill="#fff" />
      </svg>
    </div>
  );
}

export async function GET(_req: Request, { params }: { params: Promise<{ variant: string }> }) {
  const name = (await params).variant;
  const screen = splashScreens.find((s) => name === `splash-${s.width}x${s.height}`);
  if (screen)
    return new ImageResponse(
      <div
        style={{
          width: "100%",
          height: "100%",
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          background: "#ffffff",
        }}
      >
        <Logo size={Math.round(Math.min(screen.width, screen.height) * 0.28)} tile="rounded" mark={0.56} />
      </div>,
      { width: screen.width, height: screen.height, headers: IMMUTABLE },
    );
  const v = variants[name];
  if (!v) return new Response("Not found", { status: 404 });
  return new ImageResponse(<Logo size={v.size} tile={v.tile} mark={v.mark} />, {
    width: v.size,
    height: v.size,
    headers: IMMUTABLE,
  });
}
