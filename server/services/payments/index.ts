export * from "./accounts";
export * from "./checkout";
export * from "./refunds";
export * from "./webhooks";
