// The account forms' schemas, shared by the server (which always checks) and the browser (which checks first, with
// JavaScript, through Conform). Messages are i18n keys. The password policy (common passwords) is checked on the
// server only: its list is too large for the browser.
import { z } from "zod";
import { PROFILES } from "#db/schema/account-values";
import { Language } from "~/i18n/language-field";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Trimmed and lower-cased as `normaliseEmail` does, written with zod's own string steps (not a transform) so that
// Conform, which rebuilds transforms and pipes for its coercion, keeps the messages.
const email = z
  .string({ required_error: "errors.email.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.email.required")
  .max(254, "errors.email.invalid")
  .email("errors.email.invalid");

const fullName = z
  .string({ required_error: "errors.fullName.required" })
  .trim()
  .min(2, "errors.fullName.required")
  .max(120, "errors.fullName.tooLong");

const organisation = z
  .string({ required_error: "errors.organisation.required" })
  .trim()
  .min(2, "errors.organisation.required")
  .max(160, "errors.organisation.tooLong");

const profile = z.enum(PROFILES, { errorMap: () => ({ message: "errors.profile.invalid" }) });

const newPassword = z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required");

export const RegistrationForm = z.object({
  fullName,
  email,
  password: newPassword,
  preferredLanguage: Language,
  profile,
  organisation,
});
export type RegistrationForm = z.infer<typeof RegistrationForm>;

export const LoginForm = z.object({
  email,
  password: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
});

export const PasswordChangeForm = z.object({
  currentPassword: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
  newPassword: z.string({ required_error: "errors.password.required" }).min(1, "errors.password.required"),
});


/** "Forgot your password?": only the address. */
export const ForgotPasswordForm = z.object({ email });

/** The reset link's page: the new password (checked against the password policy on the server). */
export const ResetPasswordForm = z.object({ password: newPassword });

/** The invitation's page: the person confirms their name and language and chooses a password. */
export const WelcomeForm = z.object({ fullName, preferredLanguage: Language, password: newPassword });

/** An admin's account form (create and edit): everything but the password, which the person sets. */
export const AccountForm = z.object({ fullName, email, preferredLanguage: Language, profile, organisation });
