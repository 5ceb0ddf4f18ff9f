export * from "./accounts";
export * from "./checkout";
export * from "./webhooks";
