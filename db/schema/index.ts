export * from "./api-keys";
export * from "./audit";
export * from "./auth";
export * from "./businesses";
export * from "./customers";
export * from "./email";
export * from "./imports";
export * from "./jobs";
