// The enumerations of the accounts schema, kept free of Drizzle so browser code can import them cheaply.
export const ROLES = ["learner", "trainer", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PROFILES = ["border-official", "judicial-officer", "iom-staff", "other"] as const;
export type Profile = (typeof PROFILES)[number];
