export * from "./enums";
export * from "./auth";
export * from "./tenancy";
export * from "./audit";
export * from "./orders";
export * from "./cases";
export * from "./notifications";
