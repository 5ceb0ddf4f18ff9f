export * from "./documents";
export * from "./issue";
export * from "./payments";
export * from "./pdf";
export * from "./purchases";
export * from "./settings";
export * from "./view";
