/**
 * Runs `task` at the browser's next idle moment, at the latest after `timeoutMs`; where the browser has
 * no idle callback (Safari), after `fallbackMs`. Returns a function that cancels it if it has not run.
 * Browser only (call from effects).
 */
export function whenIdle(task: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if ("requestIdleCallback" in window) {
    const id = window.requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(task, fallbackMs);
  return () => clearTimeout(id);
}
