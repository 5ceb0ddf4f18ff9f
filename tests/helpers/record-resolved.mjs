/**
 * Module resolve hook (node:module `register`) that reports every URL the process resolves to the port
 * it is given, so a test can tell which packages a module graph loads.
 */
let port;

export async function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}
