// The enumerations of the studio schema, free of Drizzle so pages can import them cheaply.
export const DRAFT_STATES = ["draft", "submitted", "approved", "published", "archived"] as const;
export type DraftState = (typeof DRAFT_STATES)[number];
