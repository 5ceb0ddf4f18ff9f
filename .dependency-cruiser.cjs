/**
 * Layers of the codebase, checked by `npm run lint` (dependency-cruiser). Dynamic imports count as
 * imports: a cycle through `await import()` is still a cycle.
 *
 *   app/ ─┬─> components/ ─> server/domain, db (types)
 *         └─> server/ (api, http, auth, services, jobs, cli) ─> server/domain, db
 *   emails/ ─> server/domain          (never components/)
 *   server/services ─> never server/api, server/http, server/cli, next/*
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A module cycle (static or dynamic import) makes load order and ownership unclear. One loop is " +
        "the nature of an in-process job runner and is allowed: a service sends an event (server/jobs/send.ts), " +
        "which starts the local driver on first use (server/jobs/local/index.ts, a dynamic import), which " +
        "runs functions that call services. Any other cycle fails.",
      from: {},
      to: { circular: true, viaOnly: { pathNot: "^server/jobs/local/index\\.ts$" } },
    },
    {
      name: "local-driver-entry",
      severity: "error",
      comment: "Only the event sender and the process entry points start the local driver.",
      from: {
        pathNot: "^(server/jobs/(send|background|index)\\.ts|server/jobs/local/.*|instrumentation\\.ts)$",
      },
      to: { path: "^server/jobs/local/index\\.ts$" },
    },
    {
      name: "emails-not-components",
      severity: "error",
      comment: "Emails render outside the browser app: share pure helpers through server/domain.",
      from: { path: "^emails/" },
      to: { path: "^components/" },
    },
    {
      name: "services-not-api",
      severity: "error",
      comment: "Services are the domain: they do not know tRPC, HTTP or the CLI.",
      from: { path: "^server/services/" },
      to: { path: "^server/(api|http|cli)/" },
    },
    {
      name: "services-not-next",
      severity: "error",
      comment: "HTTP handling stays out of services (route handlers and server/http do it).",
      from: { path: "^server/services/" },
      to: { path: "^node_modules/next/" },
    },
    {
      name: "server-not-components",
      severity: "error",
      comment: "Server code never imports UI; shared pure code lives in server/domain.",
      from: { path: "^(server|db)/" },
      to: { path: "^components/" },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "server/domain (schemas, formatting, phone rules) depends on nothing but db types and libraries.",
      from: { path: "^server/domain/" },
      to: { path: "^(server/(?!domain/)|components/|app/)" },
    },
    {
      name: "components-not-server-internals",
      severity: "error",
      comment: "Client components reach the server through tRPC; they may import server/domain and types.",
      from: { path: "^components/" },
      to: { path: "^server/(services|jobs|cli|http)/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|tests/fixtures)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
