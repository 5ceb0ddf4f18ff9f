/**
 * Ports Chromium refuses to load a page from ("unsafe ports", net/base/port_util.cc in Chromium's source:
 * the ones above 1024). A page served on one fails with ERR_UNSAFE_PORT.
 */
const unsafePorts = new Set([
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080,
]);

/**
 * A random port in [from, from + span) that Chromium will load, with `from + offset` safe too for each
 * of `offsets` (a second server at a fixed distance, such as another origin for an embed).
 */
export function browserPort(from: number, span: number, offsets: readonly number[] = []): number {
  let port = from + Math.floor(Math.random() * span);
  while ([0, ...offsets].some((o) => unsafePorts.has(port + o))) port = from + ((port - from + 1) % span);
  return port;
}
