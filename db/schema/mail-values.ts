// The enumerations of the mail schema, free of Drizzle.
export const MAIL_KINDS = [
  "invitation",
  "password-reset",
  "email-verification",
  "assignment-reminder",
  "assignment-due",
  "assignment-overdue",
  "assignment-escalation",
  "certificate-expiring",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Kinds a person may turn off; they carry an unsubscribe link. Account mail (password, invitation) never does. */
export const REMINDER_KINDS: readonly MailKind[] = [
  "assignment-reminder",
  "assignment-due",
  "assignment-overdue",
  "assignment-escalation",
  "certificate-expiring",
];

/** queued: waiting or retrying; sent: accepted by the SMTP server; logged: no SMTP configured, link written to the
 * log; failed: gave up after the last attempt; cancelled: a reminder whose recipient turned reminders off first. */
export const MAIL_STATUSES = ["queued", "sent", "logged", "failed", "cancelled"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
