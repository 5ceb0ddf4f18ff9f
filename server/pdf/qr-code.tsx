import { Path, Svg } from "@react-pdf/renderer";
import QRCode from "qrcode";

/** The QR code of `text` as one SVG path (vector, so it prints sharp at any size). */
export function QrCode({ text, size }: { text: string; size: number }) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  let d = "";
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  return (
    <Svg width={size} height={size} viewBox={`0 0 ${n + quiet * 2} ${n + quiet * 2}`}>
      <Path d={d} fill="#000000" />
    </Svg>
  );
}
