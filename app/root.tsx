import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "./auth/guards.server";
import { route } from "./http.server";
import { getTimeZone } from "./i18n/time-zone.server";
import { TIME_ZONE_SCRIPT } from "./ui/formatters";
import { CAN_ADMINISTER, CAN_AUTHOR, CAN_FOLLOW_LEARNERS, hasRole } from "./auth/roles";
import { SUPPORTED_LANGUAGES, FALLBACK_LANGUAGE, type Locale } from "./i18n/config";
import { useLocaleSync } from "./i18n/client-sections";
import { DocumentTranslations } from "./i18n/document-translations";
import { getLocale } from "./i18n/i18next.server";
import { useNonce } from "./ui/nonce";
import { skipAfterPageData } from "./ui/page-data";
import styles from "./styles.css?url";

// No favicon request (and no 404 in every console): the brand is the header.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const loader = route(async ({ request }: LoaderFunctionArgs) => {
  const user = await getUser(request);
  const locale = await getLocale(request);
  return {
    locale,
    timeZone: getTimeZone(request),
    user: user
      ? {
          fullName: user.fullName,
          role: user.role,
          isAdmin: hasRole(user.role, CAN_ADMINISTER),
          canFollowLearners: hasRole(user.role, CAN_FOLLOW_LEARNERS),
          canAuthor: hasRole(user.role, CAN_AUTHOR),
        }
      : null,
  };
});

export const handle = { i18n: "translation" };

// Who is signed in, their language and time zone do not change when a quiz answer comes back with its next screen.
export const shouldRevalidate = skipAfterPageData;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? FALLBACK_LANGUAGE;
  const nonce = useNonce();
  useLocaleSync(locale);
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TIME_ZONE_SCRIPT }} />
      </head>
      <body>
        <Shell user={data?.user ?? null} locale={locale}>
          {children}
        </Shell>
        <DocumentTranslations />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

type ShellUser = { fullName: string; role: string; isAdmin: boolean; canFollowLearners: boolean; canAuthor: boolean } | null;

function Shell({ user, locale, children }: { user: ShellUser; locale: Locale; children: React.ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__name">{t("app.name")}</span>
            <span className="brand__tagline">{t("app.tagline")}</span>
          </Link>
          {/* On a phone the navigation folds into a native disclosure: works without JavaScript, announced as
              expandable by screen readers; on wider screens it is always shown (styles.css, ::details-content). */}
          <details className="site-menu">
            <summary className="site-menu__toggle">{t("shell.menu")}</summary>
            <div className="site-menu__body">
          <nav aria-label={t("shell.mainNav")} className="nav">
            <ul>
              <li>
                <NavLink to="/courses">{t("nav.catalog")}</NavLink>
              </li>
              {user ? (
                <>
                  <li>
                    <NavLink to="/dashboard">{t("nav.dashboard")}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/certificates">{t("nav.certificates")}</NavLink>
                  </li>
                  {user.canFollowLearners ? (
                    <li>
                      <NavLink to="/supervise">{t("nav.supervise")}</NavLink>
                    </li>
                  ) : null}
                  {user.canFollowLearners ? (
                    <li>
                      <NavLink to="/supervise/people">{t("nav.people")}</NavLink>
                    </li>
                  ) : null}
                  {user.canAuthor ? (
                    <li>
                      <NavLink to="/studio">{t("studio.nav.link")}</NavLink>
                    </li>
                  ) : null}
                  {user.isAdmin ? (
                    <>
                      <li>
                        <NavLink to="/admin/users">{t("nav.admin")}</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/units">{t("nav.units")}</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/certificates">{t("nav.adminCertificates")}</NavLink>
                      </li>
                    </>
                  ) : null}
                </>
              ) : null}
              <li>
                <NavLink to="/verify">{t("nav.verify")}</NavLink>
              </li>
            </ul>
          </nav>
          <nav aria-label={t("shell.accountNav")} className="nav nav--account">
            <ul>
              {user ? (
                <>
                  <li>
                    <NavLink to="/account">{t("nav.account")}</NavLink>
                  </li>
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        {t("nav.logout")}
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/login">{t("nav.login")}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/register">{t("nav.register")}</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
          {/* A full document load after switching, so the new language's strings come with the page. */}
          <Form method="post" action="/language" reloadDocument className="language-switcher">
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <label htmlFor="language-select">{t("shell.language")}</label>
            <select id="language-select" name="lng" defaultValue={locale}>
              {SUPPORTED_LANGUAGES.map((lng) => (
                <option key={lng} value={lng} lang={lng}>
                  {t(`languages.${lng}`)}
                </option>
              ))}
            </select>
            <button type="submit">{t("shell.changeLanguage")}</button>
          </Form>
            </div>
          </details>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("shell.footer")}</p>
      </footer>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.title");
  let message = t("errors.unexpected");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      message = t("errors.notFound");
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      message = t("errors.forbidden");
    } else if (typeof error.data === "string" && error.data.startsWith("errors.")) {
      message = t(error.data);
    }
  }
  // Production builds never carry stack traces to the page; the server logs them.
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("errors.goHome")}</Link>
      </p>
    </div>
  );
}
