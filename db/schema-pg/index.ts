export * from "./accounts";
export * from "./audit";
export * from "./courses";
export * from "./quiz";
export * from "./certificates";
export * from "./rate-limits";
export * from "./supervision";
