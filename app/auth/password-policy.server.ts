// Password rules of NIST SP 800-63B §5.1.1.2: a length floor, no composition rules, and a check against passwords
// known to be common. The list ships with @zxcvbn-ts/language-common (49k passwords from breach corpora).
import { dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const common = new Set<string>(dictionary["passwords-common"] as string[]);

export type PasswordProblem = "too-short" | "too-long" | "common";

/** The reason a password is refused, or null when it is acceptable. */
export function checkPassword(password: string, context: { email?: string; fullName?: string } = {}): PasswordProblem | null {
  const characters = [...password].length;
  if (characters < MIN_PASSWORD_LENGTH) return "too-short";
  if (characters > MAX_PASSWORD_LENGTH) return "too-long";
  if (isCommon(password, context)) return "common";
  return null;
}

function isCommon(password: string, context: { email?: string; fullName?: string }) {
  const lower = password.toLowerCase();
  if (common.has(lower)) return true;
  // "password2024!" is as guessable as "password": strip the digits and symbols people add at the ends.
  const core = stripEnds(lower);
  if (core.length >= 4 && common.has(core)) return true;
  if (/^(.)\1+$/.test(password)) return true;
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && (lower === local || (stripEnds(local).length >= 4 && core === stripEnds(local)))) return true;
  const name = context.fullName?.toLowerCase().replace(/\s+/g, "");
  return Boolean(name && name.length >= 4 && core.replace(/\s+/g, "") === name);
}

function stripEnds(text: string) {
  return text.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
}
