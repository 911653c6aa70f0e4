// The enumerations of the accounts schema, kept free of Drizzle so browser code can import them cheaply.
export const ROLES = ["learner", "trainer", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PROFILES = ["border-official", "judicial-officer", "iom-staff", "other"] as const;
export type Profile = (typeof PROFILES)[number];

/** What a one-time account link is for (ADR 0030). */
export const ACCOUNT_LINK_PURPOSES = ["invitation", "password-reset", "email-verification"] as const;
export type AccountLinkPurpose = (typeof ACCOUNT_LINK_PURPOSES)[number];
