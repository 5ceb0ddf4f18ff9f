import http from "node:http";

/**
 * The header that carries the TCP peer's address (the socket's remote address) to route handlers, which
 * see only headers. Set by the server for every request, replacing any value a client sent.
 */
export const PEER_ADDRESS_HEADER = "x-mini-crm-peer";

let installed = false;

/**
 * Makes every HTTP request of this process carry its socket's remote address in `PEER_ADDRESS_HEADER`
 * (Next.js keeps a client's own `X-Forwarded-For` and exposes no socket to route handlers, so without it
 * the real address of a client that sends a forged header would be lost). Called once at server start.
 */
export function installPeerAddressHeader(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const peer = req.socket?.remoteAddress;
      if (peer) req.headers[PEER_ADDRESS_HEADER] = peer;
      else delete req.headers[PEER_ADDRESS_HEADER];
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
