// Sign-up, sign-in and the guards around them, in Chromium against the production build (see playwright.config.ts).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, LEARNER, logInAfterRegistration, PASSPHRASE, submitLogin, submitRegistration, uniqueEmail } from "./support";

const EVIL = "https://evil.example";

async function expectDashboard(page: Page, fullName?: string) {
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "My learning" })).toBeVisible();
  if (fullName) await expect(page.getByText(`Welcome, ${fullName}`)).toBeVisible();
}

test.describe("with JavaScript", () => {
  test("a new user registers, logs in, lands on the dashboard, logs out and logs in again", async ({ page }) => {
    const person = { fullName: "Ingrid Solberg", email: uniqueEmail("ingrid") };
    await submitRegistration(page, { ...person, profile: "judicial-officer", organisation: "Administrative Court" });
    await logInAfterRegistration(page, person.email);
    await expectDashboard(page, person.fullName);

    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard$/);

    await page.getByLabel("Email address").fill(person.email);
    await page.getByLabel("Password").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expectDashboard(page, person.fullName);
  });

  test("a wrong password shows the login error and keeps the person signed out", async ({ page }) => {
    await submitLogin(page, LEARNER.email, "not the right passphrase");
    await expect(page.getByRole("alert")).toHaveText("The email address or password is not correct.");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a learner opening /admin/users gets the 403 page", async ({ page }) => {
    await submitLogin(page, LEARNER.email, LEARNER.password);
    await expectDashboard(page);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Access denied" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });

  test("an unknown URL gives the 404 page inside the shell", async ({ page }) => {
    const response = await page.goto("/no-such-page/anywhere");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText("This page does not exist.")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  });

  test("switching to Français translates the shell and stays French on the next pages", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByLabel("Language", { exact: true }).selectOption({ label: "Français" });
    await page.getByRole("button", { name: "Change language" }).click();

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Cours" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Créer un compte" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();

    await page.goto("/register");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("navigation", { name: "Compte" }).getByRole("link", { name: "Se connecter" })).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  });

  // Fails today: the browser holds only the strings of the language the page was loaded in, so after a client-side
  // login into a French profile the page says lang="fr" but shows English text until the next full reload.
  test("a signed-in person's language choice follows them to another browser", async ({ page, browser }) => {
    const person = { fullName: "Lucía Ferreira", email: uniqueEmail("lucia") };
    await submitRegistration(page, { ...person, profile: "judicial-officer", organisation: "Administrative Court" });
    await logInAfterRegistration(page, person.email);
    await expectDashboard(page);
    await page.getByLabel("Language", { exact: true }).selectOption({ label: "Français" });
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mon apprentissage" })).toBeVisible();

    const elsewhere = await browser.newContext();
    try {
      const other = await elsewhere.newPage();
      await submitLogin(other, person.email, PASSPHRASE);
      await expect(other.locator("html")).toHaveAttribute("lang", "fr");
      await expect(other.getByRole("heading", { level: 1, name: "Mon apprentissage" })).toBeVisible();
      await expect(other.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
    } finally {
      await elsewhere.close();
    }
  });
});

test.describe("without JavaScript", () => {
  test("register, log out and log in all work as plain HTML forms", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const person = { fullName: "Tariq Haddad", email: uniqueEmail("tariq") };
      await submitRegistration(page, { ...person, profile: "judicial-officer", organisation: "Administrative Court" });
      await logInAfterRegistration(page, person.email);
      await expectDashboard(page, person.fullName);

      await page.getByRole("button", { name: "Log out" }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

      await submitLogin(page, person.email, PASSPHRASE);
      await expectDashboard(page, person.fullName);
    } finally {
      await context.close();
    }
  });

  test("a signed-in person's language choice follows them to another browser", async ({ browser }) => {
    const first = await browser.newContext({ javaScriptEnabled: false });
    const second = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await first.newPage();
      const person = { fullName: "Jonas Weber", email: uniqueEmail("jonas") };
      await submitRegistration(page, { ...person, profile: "judicial-officer", organisation: "Administrative Court" });
      await logInAfterRegistration(page, person.email);
      await expectDashboard(page);
      await page.getByLabel("Language", { exact: true }).selectOption({ label: "Français" });
      await page.getByRole("button", { name: "Change language" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Mon apprentissage" })).toBeVisible();

      const other = await second.newPage();
      await submitLogin(other, person.email, PASSPHRASE);
      await expect(other.locator("html")).toHaveAttribute("lang", "fr");
      await expect(other.getByRole("heading", { level: 1, name: "Mon apprentissage" })).toBeVisible();
    } finally {
      await first.close();
      await second.close();
    }
  });

  test("a refused registration shows the field messages", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto("/register");
      await page.getByLabel("Full name (as on certificates)").fill("Tariq Haddad");
      await page.getByLabel("Email address").fill(uniqueEmail("tariq"));
      await page.getByLabel("Password", { exact: true }).fill("short");
      await page.getByLabel("Organisation").fill("Border Guard");
      await page.getByRole("button", { name: "Create account", exact: true }).click();
      await expect(page.getByRole("alert")).toHaveText("Please correct the fields marked below.");
      await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText("The password must have at least 12 characters.")).toBeVisible();
      // Entered values come back, except the password.
      await expect(page.getByLabel("Full name (as on certificates)")).toHaveValue("Tariq Haddad");
      await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    } finally {
      await context.close();
    }
  });
});

test.describe("hostile input", () => {
  test("logging in from a crafted link never lands on another site", async ({ page }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent("/\t/evil.example/")}`);
    await page.getByLabel("Email address").fill(LEARNER.email);
    await page.getByLabel("Password").fill(LEARNER.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expectDashboard(page);
    expect(new URL(page.url()).host).not.toBe("evil.example");
  });

  test("a malformed session cookie is an anonymous visit, not an error page", async ({ request }) => {
    const response = await request.get("/courses", { headers: { Cookie: "__Host-lexmigra_session=%E0%A4%A" } });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('href="/login"');
  });

  test("a JSON body is refused with 415, not a 500", async ({ request, baseURL }) => {
    const response = await request.post("/login", { data: { email: "a@b.c" }, headers: { Origin: new URL(baseURL!).origin }, maxRedirects: 0 });
    expect(response.status()).toBe(415);
  });

  test("the sixth wrong password in a row from one address gets 429 with Retry-After", async ({ request, baseURL }) => {
    const email = uniqueEmail("throttled");
    const origin = new URL(baseURL!).origin;
    for (let i = 0; i < 5; i++) {
      const miss = await request.post("/login", { form: { email, password: `wrong ${i}` }, headers: { Origin: origin }, maxRedirects: 0 });
      expect(miss.status()).toBe(401);
    }
    const refused = await request.post("/login", { form: { email, password: "wrong again" }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  });

  test("registering an address that already has an account answers exactly as a new one", async ({ page }) => {
    await submitRegistration(page, { fullName: "Someone Else", email: LEARNER.email });
    await expect(page).toHaveURL(/\/login\?registered=1$/);
    await expect(page.getByRole("status")).toContainText("Thank you for registering.");
    await expect(page.getByText(/already exists/)).toHaveCount(0);
  });
});

test.describe("cross-origin POSTs are refused", () => {
  let origin: string;
  test.beforeEach(({}, testInfo) => {
    origin = new URL(String(testInfo.project.use.baseURL)).origin;
  });

  function cookieOf(setCookie: string | undefined): string {
    expect(setCookie, "a session cookie").toBeTruthy();
    return setCookie!.split(";")[0];
  }

  /** A session cookie, got the way a browser on our own origin would. */
  async function sessionFor(request: APIRequestContext, who: { email: string; password: string }) {
    const response = await request.post("/login", { form: { ...who, redirectTo: "/dashboard" }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(response.status()).toBe(302);
    return cookieOf(response.headers()["set-cookie"]);
  }

  async function reachesDashboard(request: APIRequestContext, cookie: string) {
    const response = await request.get("/dashboard", { headers: { Cookie: cookie }, maxRedirects: 0 });
    return response.status() === 200;
  }

  async function expectRefused(response: Awaited<ReturnType<APIRequestContext["post"]>>) {
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
    expect(await response.text()).toBe("Cross-site request refused.");
  }

  const evil = (cookie?: string) => ({ Origin: EVIL, ...(cookie ? { Cookie: cookie } : {}) });

  test("/login: right credentials from another origin get no session", async ({ request }) => {
    const response = await request.post("/login", { form: { ...LEARNER, redirectTo: "/dashboard" }, headers: evil(), maxRedirects: 0 });
    await expectRefused(response);
  });

  test("/register: no account is created", async ({ request }) => {
    const email = uniqueEmail("forged");
    const form = {
      fullName: "Forged Person",
      email,
      password: PASSPHRASE,
      preferredLanguage: "en",
      profile: "other",
      organisation: "Nowhere",
    };
    await expectRefused(await request.post("/register", { form, headers: evil(), maxRedirects: 0 }));

    const login = await request.post("/login", { form: { email, password: PASSPHRASE }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(login.status()).toBe(401);
    expect(login.headers()["set-cookie"]).toBeUndefined();
  });

  test("/logout: the session survives", async ({ request }) => {
    const cookie = await sessionFor(request, LEARNER);
    await expectRefused(await request.post("/logout", { form: {}, headers: evil(cookie), maxRedirects: 0 }));
    expect(await reachesDashboard(request, cookie)).toBe(true);
    // The same POST from our own origin does log out: the refusal above was the origin check.
    const own = await request.post("/logout", { form: {}, headers: { Origin: origin, Cookie: cookie }, maxRedirects: 0 });
    expect(own.status()).toBe(302);
    expect(await reachesDashboard(request, cookie)).toBe(false);
  });

  test("/account: neither 'log out everywhere' nor a password change happens", async ({ request }) => {
    const email = uniqueEmail("account");
    const registration = await request.post("/register", {
      form: { fullName: "Ana Petrović", email, password: PASSPHRASE, preferredLanguage: "en", profile: "iom-staff", organisation: "IOM" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(registration.status()).toBe(302);
    const cookie = await sessionFor(request, { email, password: PASSPHRASE });

    await expectRefused(await request.post("/account", { form: { intent: "logout-all" }, headers: evil(cookie), maxRedirects: 0 }));
    expect(await reachesDashboard(request, cookie)).toBe(true);

    const change = { intent: "change-password", currentPassword: PASSPHRASE, newPassword: "attacker chosen passphrase" };
    await expectRefused(await request.post("/account", { form: change, headers: evil(cookie), maxRedirects: 0 }));
    expect(await reachesDashboard(request, cookie)).toBe(true);
    await sessionFor(request, { email, password: PASSPHRASE }); // the old password still works
  });

  test("/admin/users: a learner is not promoted with an admin's cookie", async ({ request }) => {
    const admin = await sessionFor(request, ADMIN);
    const list = await request.get(`/admin/users?q=${encodeURIComponent(LEARNER.email)}`, { headers: { Cookie: admin } });
    expect(list.status()).toBe(200);
    const learnerId = /name="userId" value="([^"]+)"/.exec(await list.text())?.[1];
    expect(learnerId, "the learner's id on the admin page").toBeTruthy();

    await expectRefused(
      await request.post("/admin/users", { form: { userId: learnerId!, role: "admin" }, headers: evil(admin), maxRedirects: 0 }),
    );

    const learner = await sessionFor(request, LEARNER);
    const attempt = await request.get("/admin/users", { headers: { Cookie: learner }, maxRedirects: 0 });
    expect(attempt.status()).toBe(403);
  });

  test("/language: the language does not change", async ({ request }) => {
    const refused = await request.post("/language", { form: { lng: "fr", redirectTo: "/" }, headers: evil(), maxRedirects: 0 });
    await expectRefused(refused);
    const home = await request.get("/");
    expect(await home.text()).toMatch(/<html lang="en"/);

    // From our own origin the same POST does switch (and sets the cookie), so the refusal is the origin check.
    const own = await request.post("/language", { form: { lng: "fr", redirectTo: "/" }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(own.status()).toBe(302);
    expect(own.headers()["set-cookie"]).toMatch(/^lng=/);
  });
});
