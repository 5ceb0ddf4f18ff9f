/**
 * "Too many attempts. Try again in …" for a wait of `seconds` (rounded up: seconds under 90 s, minutes
 * under 90 min, else hours). Pure, so the sign-in form and the server say the same thing.
 */
export function retryMessage(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `Too many attempts. Try again in ${s} second${s === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 90) return `Too many attempts. Try again in ${minutes} minutes.`;
  return `Too many attempts. Try again in ${Math.ceil(minutes / 60)} hours.`;
}
