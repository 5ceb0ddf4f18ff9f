export * from "./api-keys";
export * from "./audit";
export * from "./auth";
export * from "./businesses";
export * from "./email";
export * from "./jobs";
