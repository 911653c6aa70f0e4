// The admin's account pages (/admin/users/new, /admin/users/<id>) through their route modules: who may use them,
// creating with an invitation (its link shown when mail is off, as in tests), editing, deactivating and
// reactivating, fresh links, the last-admin rule, and the audit trail.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/audit.server";
import { db } from "~/db.server";
import * as loginRoute from "~/routes/login";
import * as accountRoute from "~/routes/admin.users_.$userId";
import * as newRoute from "~/routes/admin.users_.new";
import * as usersRoute from "~/routes/admin.users";
import * as dashboardRoute from "~/routes/dashboard";
import * as welcomeRoute from "~/routes/welcome.$token";
import { users } from "#db/tables";
import { insertAccount, nextEmail, nextIp, PASSPHRASE, registerAccount } from "../support/accounts";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, refusal } from "./http";

beforeAll(freshDatabase);

const fields = (email = nextEmail("new")) => ({ fullName: "Leila Haddad", email, preferredLanguage: "fr", profile: "judicial-officer", organisation: "Court of Appeal" });

describe("admin account pages", () => {
  it("are for admins only", async () => {
    const learner = await insertAccount();
    const supervisor = await insertAccount({ role: "supervisor" });
    for (const who of [learner, supervisor]) {
      expect((await call(newRoute.loader, getRequest("/admin/users/new", { cookie: who.cookie }))).status).toBe(403);
      expect((await call(newRoute.action, formRequest("/admin/users/new", fields(), { cookie: who.cookie }))).status).toBe(403);
      expect((await call(accountRoute.loader, getRequest(`/admin/users/${learner.id}`, { cookie: who.cookie }), { userId: learner.id })).status).toBe(403);
      const action = await call(accountRoute.action, formRequest(`/admin/users/${learner.id}`, { intent: "deactivate" }, { cookie: who.cookie }), { userId: learner.id });
      expect(action.status).toBe(403);
    }
    const [row] = await db.select().from(users).where(eq(users.id, learner.id));
    expect(row!.deactivatedAt).toBeNull();
    expect((await call(newRoute.loader, getRequest("/admin/users/new"))).status).toBe(302);
  });

  it("create an account whose invitation link, shown when mail is off, lets the person in", async () => {
    const admin = await insertAccount({ role: "admin" });
    const input = fields();
    const created = await call(newRoute.action, formRequest("/admin/users/new", input, { cookie: admin.cookie }));
    expect(created.status).toBe(200);
    const { userId, link } = (created.body as { created: { userId: string; link: string } }).created;
    expect(link).toMatch(/^http:\/\/localhost:3000\/welcome\/[a-z2-7]{32}\?lng=(en|fr|es)$/);
    expect((await auditTrail(userId)).map((e) => e.action)).toEqual(["user.created", "user.link-issued"]);
    const list = await call(usersRoute.loader, getRequest(`/admin/users?q=${encodeURIComponent(input.email)}`, { cookie: admin.cookie }));
    expect((list.body as { rows: { invited: boolean; deactivatedAt: number | null }[] }).rows[0]).toMatchObject({ invited: true, deactivatedAt: null });

    const again = await call(newRoute.action, formRequest("/admin/users/new", input, { cookie: admin.cookie }));
    expect(again.status).toBe(400);
    expect(refusal(again).fieldErrors.email).toEqual({ key: "access.errors.emailTaken" });
    const invalid = await call(newRoute.action, formRequest("/admin/users/new", { ...input, email: "nope", profile: "astronaut" }, { cookie: admin.cookie }));
    expect(invalid.status).toBe(400);

    const token = new URL(link).pathname.split("/").pop()!;
    const accepted = await call(welcomeRoute.action, formRequest(`/welcome/${token}`, { fullName: "Leila Haddad", preferredLanguage: "fr", password: PASSPHRASE }), { token });
    expect(accepted.status).toBe(302);
  });

  it("edit, deactivate (sessions end, login refused, records kept), reactivate, send links — all audited", async () => {
    const admin = await insertAccount({ role: "admin" });
    const person = await registerAccount({ fullName: "Tomás Ortega" });
    const url = `/admin/users/${person.id}`;
    const post = (body: Record<string, string>) => call(accountRoute.action, formRequest(url, body, { cookie: admin.cookie }), { userId: person.id });

    const page = await call(accountRoute.loader, getRequest(url, { cookie: admin.cookie }), { userId: person.id });
    expect(page.body).toMatchObject({ account: { email: person.email, hasPassword: true, deactivatedAt: null } });
    expect(JSON.stringify(page.body)).not.toContain("$argon2");

    const other = await insertAccount();
    const taken = await post({ intent: "update", ...fields(other.email) });
    expect(taken.status).toBe(400);
    expect(refusal(taken).fieldErrors.email).toEqual({ key: "access.errors.emailTaken" });
    expect((await post({ intent: "update", ...fields(person.email), fullName: "Tomás Ortega Ruiz" })).body).toMatchObject({ done: "saved" });

    expect((await post({ intent: "deactivate" })).body).toMatchObject({ done: "deactivatedDone" });
    expect((await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: person.cookie }))).status).toBe(302);
    const refused = await call(loginRoute.action, formRequest("/login", { email: person.email, password: PASSPHRASE }), {}, nextIp());
    expect(refused.status).toBe(401);
    expect(refusal(refused).formError).toEqual({ key: "errors.login.invalid" });
    expect((await post({ intent: "send-reset" })).status).toBe(409);

    expect((await post({ intent: "reactivate" })).body).toMatchObject({ done: "reactivatedDone" });
    const back = await call(loginRoute.action, formRequest("/login", { email: person.email, password: PASSPHRASE }), {}, nextIp());
    expect(back.status).toBe(302);
    expect(cookieFrom(back)).toBeTruthy();

    const reset = await post({ intent: "send-reset" });
    expect((reset.body as { link: string }).link).toMatch(/\/reset-password\/[a-z2-7]{32}\?lng=(en|fr|es)$/);

    expect((await auditTrail(person.id)).map((e) => e.action)).toEqual(["user.updated", "user.deactivated", "user.reactivated", "user.link-issued"]);
    expect((await post({ intent: "explode" })).status).toBe(400);
    const unknown = "a".repeat(32);
    expect((await call(accountRoute.loader, getRequest(`/admin/users/${unknown}`, { cookie: admin.cookie }), { userId: unknown })).status).toBe(404);
    expect((await call(accountRoute.loader, getRequest("/admin/users/..%2F"), { userId: "../" })).status).toBe(302);
  });

  it("keep the last active admin", async () => {
    const admins = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    const me = await insertAccount({ role: "admin" });
    for (const { id } of admins) {
      await call(accountRoute.action, formRequest(`/admin/users/${id}`, { intent: "deactivate" }, { cookie: me.cookie }), { userId: id });
    }
    const last = await call(accountRoute.action, formRequest(`/admin/users/${me.id}`, { intent: "deactivate" }, { cookie: me.cookie }), { userId: me.id });
    expect(last.status).toBe(409);
    expect(refusal(last).formError).toEqual({ key: "errors.role.lastAdmin" });
  });
});
