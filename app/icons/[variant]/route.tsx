import { ImageResponse } from "next/og";

/**
 * The app's icons as PNG, drawn from the logo (the indigo tile with the white "M" of app/icon.svg):
 * `192` and `512` (purpose any: rounded tile), `maskable-512` (full-bleed background, the mark inside the
 * 80% safe zone, W3C Web App Manifest §9.4 "maskable"), `monochrome-512` (white mark on transparent:
 * the OS tints it), `apple-180` (Apple touch icon, no transparency). Cached for a year: the URL names
 * the content.
 */
const variants: Record<string, { size: number; tile: "rounded" | "full" | "none"; mark: number }> = {
  "192": { size: 192, tile: "rounded", mark: 0.56 },
  "512": { size: 512, tile: "rounded", mark: 0.56 },
  "maskable-512": { size: 512, tile: "full", mark: 0.44 },
  "monochrome-512": { size: 512, tile: "none", mark: 0.6 },
  "apple-180": { size: 180, tile: "full", mark: 0.56 },
};

export function generateStaticParams() {
  return Object.keys(variants).map((variant) => ({ variant }));
}

export async function GET(_req: Request, { params }: { params: Promise<{ variant: string }> }) {
  const v = variants[(await params).variant];
  if (!v) return new Response("Not found", { status: 404 });
  const mark = Math.round(v.size * v.mark);
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: v.tile === "none" ? "transparent" : "#4f46e5",
        borderRadius: v.tile === "rounded" ? Math.round(v.size * 0.22) : 0,
      }}
    >
      <svg width={mark} height={mark} viewBox="14 16 36 32" xmlns="http://www.w3.org/2000/svg">
        <path d="M16 46V18h6l10 14 10-14h6v28h-7V30l-9 12-9-12v16z" fill="#fff" />
      </svg>
    </div>,
    { width: v.size, height: v.size, headers: { "cache-control": "public, max-age=31536000, immutable" } },
  );
}
