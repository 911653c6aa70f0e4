// Who may do what, as pure decisions, so every guard and every menu ask the same question.
import { ROLES, type Role } from "#db/schema/account-values";

export { ROLES, type Role };

// Admins run the platform, so they may also do what trainers and supervisors do.
export const CAN_ADMINISTER: readonly Role[] = ["admin"];
export const CAN_AUTHOR: readonly Role[] = ["trainer", "admin"];
export const CAN_FOLLOW_LEARNERS: readonly Role[] = ["supervisor", "trainer", "admin"];

/**
 * Four eyes in the studio (ADR 0026): who may approve another person's draft. A per-user permission that admins
 * grant to trainers; admins have it by their role. It means nothing for other roles (they do not reach the studio).
 */
export function canReview(user: { role: Role; isReviewer: boolean }): boolean {
  return user.role === "admin" || (user.role === "trainer" && user.isReviewer);
}

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
