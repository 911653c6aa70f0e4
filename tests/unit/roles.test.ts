import { describe, expect, it } from "vitest";
import { CAN_ADMINISTER, CAN_AUTHOR, CAN_FOLLOW_LEARNERS, hasRole, isRole, ROLES, roleChangeProblem, type Role } from "~/auth/roles";

describe("hasRole", () => {
  // Admins may also do what trainers and supervisors do; learners hold no privileged role.
  const expected: Record<Role, { administer: boolean; author: boolean; follow: boolean }> = {
    learner: { administer: false, author: false, follow: false },
    supervisor: { administer: false, author: false, follow: true },
    trainer: { administer: false, author: true, follow: true },
    admin: { administer: true, author: true, follow: true },
  };

  it.each(ROLES)("decides what a %s may do", (role) => {
    expect({
      administer: hasRole(role, CAN_ADMINISTER),
      author: hasRole(role, CAN_AUTHOR),
      follow: hasRole(role, CAN_FOLLOW_LEARNERS),
    }).toEqual(expected[role]);
  });

  it("allows nobody when the allowed set is empty", () => {
    for (const role of ROLES) expect(hasRole(role, [])).toBe(false);
  });
});

describe("isRole", () => {
  it("accepts the four roles and refuses anything else", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["Admin", "root", "", undefined, null, 1]) expect(isRole(value)).toBe(false);
  });
});

describe("roleChangeProblem", () => {
  it("refuses to demote the last admin, to any other role", () => {
    for (const newRole of ["learner", "trainer", "supervisor"] as const) {
      expect(roleChangeProblem({ currentRole: "admin", newRole, adminCount: 1 })).toBe("last-admin");
    }
  });

  it("allows demoting an admin when another admin exists", () => {
    expect(roleChangeProblem({ currentRole: "admin", newRole: "learner", adminCount: 2 })).toBeNull();
    expect(roleChangeProblem({ currentRole: "admin", newRole: "trainer", adminCount: 5 })).toBeNull();
  });

  it("allows keeping the last admin an admin", () => {
    expect(roleChangeProblem({ currentRole: "admin", newRole: "admin", adminCount: 1 })).toBeNull();
  });

  it("always allows promoting, even when there is a single admin", () => {
    for (const currentRole of ["learner", "trainer", "supervisor"] as const) {
      expect(roleChangeProblem({ currentRole, newRole: "admin", adminCount: 1 })).toBeNull();
    }
  });

  it("allows moving between non-admin roles whatever the admin count", () => {
    expect(roleChangeProblem({ currentRole: "learner", newRole: "trainer", adminCount: 1 })).toBeNull();
    expect(roleChangeProblem({ currentRole: "supervisor", newRole: "learner", adminCount: 1 })).toBeNull();
  });
});
