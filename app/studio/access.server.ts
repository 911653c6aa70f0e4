// The studio's access rule (issue 13, ADR 0026): trainers and admins reach /studio; reviewers are trainers with the
// reviewer permission. Learners and supervisors get 403 on every studio URL and action. Every studio loader and
// action starts with requireStudioUser, including the analytics pages.
import { requireRole } from "~/auth/guards.server";
import { canReview, CAN_AUTHOR } from "~/auth/roles";
import type { SessionUser } from "~/auth/session.server";

export const CAN_USE_STUDIO = CAN_AUTHOR;

export type StudioUser = SessionUser & { canReview: boolean };

export async function requireStudioUser(request: Request): Promise<StudioUser> {
  const user = await requireRole(request, CAN_USE_STUDIO);
  return { ...user, canReview: canReview(user) };
}
