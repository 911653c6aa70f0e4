// Who may do what, as pure decisions, so every guard and every menu ask the same question.
import { ROLES, type Role } from "#db/schema/account-values";

export { ROLES, type Role };

// Admins run the platform, so they may also do what trainers and supervisors do.
export const CAN_ADMINISTER: readonly Role[] = ["admin"];
export const CAN_AUTHOR: readonly Role[] = ["trainer", "admin"];
export const CAN_FOLLOW_LEARNERS: readonly Role[] = ["supervisor", "trainer", "admin"];

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** An admin may change anyone's role, except that the platform must always keep one admin. */
export function roleChangeProblem(change: { currentRole: Role; newRole: Role; adminCount: number }): "last-admin" | null {
  if (change.currentRole === "admin" && change.newRole !== "admin" && change.adminCount <= 1) return "last-admin";
  return null;
}
