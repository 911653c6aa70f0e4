// Registration never signs anyone in (it answers the same whether or not the address had an account), so a test that
// needs a signed-in newcomer registers through the form and then logs in through the login form.
import { expect } from "vitest";
import * as loginRoute from "~/routes/login";
import * as registerRoute from "~/routes/register";
import { call, cookieFrom, formRequest } from "./http";

export async function registerAndLogIn(fields: Record<string, string>, ip = "203.0.113.7"): Promise<string> {
  const registered = await call(registerRoute.action, formRequest("/register", fields), {}, ip);
  expect(registered.status).toBe(302);
  expect(registered.headers.get("Location")).toBe("/login?registered=1");
  const loggedIn = await call(loginRoute.action, formRequest("/login", { email: fields.email, password: fields.password }), {}, ip);
  expect(loggedIn.status).toBe(302);
  return cookieFrom(loggedIn);
}
