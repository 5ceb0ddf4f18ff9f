/**
 * `/favicon.ico`, which browsers ask for on their own: the app's icon (app/icon.svg, linked from every
 * page) by a permanent redirect, so the request does not end in a 404.
 */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { location: "/icon.svg" } });
}
